"""Clients for the systems outside ours (callback endpoints, WeChat), each with a fake for tests."""
