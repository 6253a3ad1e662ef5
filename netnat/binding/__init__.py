"""Parameter binding: cmdlet declarations, argument conversion, the binder, syntax lines."""
