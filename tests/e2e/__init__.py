"""End-to-end tests: the console's real live path against the Prosody test stack."""
