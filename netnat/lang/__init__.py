"""The language front end: paste clean-up, tokenizer, AST and parser for the PowerShell subset."""
