"""The stages of tracing one text, in order: segment, candidates, frames,
content, resolve, chain; with the lexer and the grammar adapter they share."""
