"""Digest to Post: render, front matter, cover, images, extras, leaderboard, tags, templates."""
