"""The five rules of the article, one module each, pure functions of a parsed plan."""
