"""Foundations every layer may use: errors and issues, output settings, the bundled files."""
