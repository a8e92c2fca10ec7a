"""The docs/ tree: its layout, the one post reader, the gate, the one writer, permalinks and pages."""
