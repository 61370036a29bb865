"""Matrix transport: client glue, end-to-end encryption helpers and cross-signing."""
