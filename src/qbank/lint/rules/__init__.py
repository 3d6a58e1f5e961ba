"""One module per lint rule; each defines `RULE`, found by `qbank.lint.registry` in name order."""
