"""Helpers shared by several test modules (no tests here): test modules import these, never each other."""
