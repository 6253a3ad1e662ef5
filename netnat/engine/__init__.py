"""The engine: sessions, ShouldProcess, error actions, running and committing cmdlets."""
