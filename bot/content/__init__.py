"""Content that editors maintain: FAQ topics (data/faq/) and county facts (content/region.yml)."""
