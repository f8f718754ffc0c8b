"""newsbroom inside other tools' pipelines (crawler.integrations.datatrove: a datatrove extractor step)."""
