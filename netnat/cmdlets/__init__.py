"""The cmdlets, one module per noun family, and the registry of names and aliases."""
