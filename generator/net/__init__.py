"""The only HTTP to untrusted hosts: the fetcher, the SSRF guard and the HTTP cache."""
