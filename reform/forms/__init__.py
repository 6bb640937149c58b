"""The reform app's forms, one module per concern: assessment, review, tracking, plan."""
