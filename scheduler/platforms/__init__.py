"""Platform adapters: the protocol, the plugin registry and the built-in adapters."""
