"""Starting from Word: a .docx -> document data, and a clerk's Word edits back into data.

Modules, one concern each:

=====================  ==========================================================
``reading``            the .docx as displayed paragraphs (runs joined, tracked changes accepted)
``numbering``          Word's automatic list numbers (``numbering.xml``)
``header``             letterhead, number, date, type, abstract, Kính gửi
``body``               levels, bold, markup, footnotes, cited documents
``closing``            Nơi nhận, Lưu, signature block
``recipient_match``    Nơi nhận lines -> registry units and groups
``named_dates``        dates the clerk names (``--ngay``) -> ``{tên}`` and ``moc_thoi_gian``
``recognise``          the parts put together; ``parts`` the shared records
``tables``             the data tables and reports as CSV
``run``                ``vanban import``; ``update``: ``vanban import --update``
=====================  ==========================================================
"""

from pipeline.importer.console import console_lines
from pipeline.importer.run import default_folder, import_docx
from pipeline.importer.update import update_folder

__all__ = ["console_lines", "default_folder", "import_docx", "update_folder"]
