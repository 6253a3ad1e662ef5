"""The command line: the fast cmdlet path, the click app, the console host, commits."""
