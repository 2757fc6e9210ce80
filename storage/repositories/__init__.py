"""Read and write access to stored data, one module per domain."""
