"""Page bytes to an Article: decode, main text, boilerplate."""
