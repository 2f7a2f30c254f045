"""Errors raised when a document cannot be read."""


class ReadError(Exception):
    """A document that cannot be read at all; the message is Chinese and names the file."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"无法读取文件“{source}”：{problem}")
        self.source = source
        self.problem = problem
