"""Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ dữ liệu CSV/Excel."""

__version__ = "0.1.0"
