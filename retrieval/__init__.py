"""The library: ingestion into chromadb and a SQLite text index, hybrid search, report records, the article index."""
