"""nianbao (年报助手): an offline assistant for 政府信息公开工作年度报告.

This folder is the base floor (report model, settings, errors, the cell walk); the project's other
folders are subpackages of this one namespace (nianbao.corpus, nianbao.checker, …), see docs/ARCHITECTURE.md.
"""

__version__ = "0.1.0"
