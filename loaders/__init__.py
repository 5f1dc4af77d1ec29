"""Loading: files in, plain text with page numbers, then typed records out."""
