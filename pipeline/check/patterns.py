"""What the checker recognises in a text: the ND30 strings, patterns of components, references.

References cite ND30 Phụ lục I Phần I (mục I = quy định chung, mục II = thành phần
thể thức chính, mục III = thành phần khác), ND30 Điều 7 and Phụ lục III; the
project's fact sheet is /work/shared/nd30.md.
"""

from __future__ import annotations

import re

from pipeline.check.text import letters
from pipeline.common.vnformat import DOCUMENT_TYPES

REF_PAPER = "ND30 Phụ lục I Phần I, mục I.1–I.2"
REF_MARGIN = "ND30 Phụ lục I Phần I, mục I.3"
REF_FONT = "ND30 Phụ lục I Phần I, mục I.4"
REF_PAGE_NO = "ND30 Phụ lục I Phần I, mục I.7"
REF_NATIONAL = "ND30 Phụ lục I Phần I, mục II.1.a"
REF_MOTTO = "ND30 Phụ lục I Phần I, mục II.1.b"
REF_AGENCY = "ND30 Phụ lục I Phần I, mục II.2.b"
REF_NUMBER = "ND30 Phụ lục I Phần I, mục II.3.b–c"
REF_DATE = "ND30 Phụ lục I Phần I, mục II.4.b–c"
REF_PLACE = "ND30 Phụ lục I Phần I, mục II.4.a"
REF_TYPE = "ND30 Phụ lục I Phần I, mục II.5.b"
REF_TYPE_LIST = "ND30 Điều 7; Phụ lục III mục I"
REF_SYMBOL_TYPE = "ND30 Phụ lục I Phần I, mục II.3.b; Phụ lục III mục I"
REF_BODY = "ND30 Phụ lục I Phần I, mục II.6.e"
REF_DATE_TEXT = "ND30 Phụ lục I Phần I, mục II.4.b (cách ghi ngày trong văn bản)"
REF_SIGN = "ND30 Phụ lục I Phần I, mục II.7.b, II.7.đ"
REF_SIGN_NAME = "ND30 Phụ lục I Phần I, mục II.7.c, II.7.đ"
REF_RECIPIENTS = "ND30 Phụ lục I Phần I, mục II.9.d"
REF_RECIPIENTS_FIRST = "ND30 Phụ lục I Phần I, mục II.9.b"
REF_APPENDIX = "ND30 Phụ lục I Phần I, mục III.1.b–c"
REF_NFC = "ND30 Phụ lục I Phần I, mục I.4 (bộ mã Unicode TCVN 6909:2001; chữ dựng sẵn, NFC)"
REF_TONE = ("ND30 Phụ lục I Phần I, mục I.4 (TCVN 6909:2001); ND30 không quy định kiểu đặt dấu "
             "nhưng một văn bản phải thống nhất (nd30.md §8)")
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_LETTERS = letters(NATIONAL)
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_LETTERS = letters(MOTTO).lower()
NUMBER_RE = re.compile(r"^\s*s[ốô]\b", re.IGNORECASE)
VV_RE = re.compile(r"^\s*v\s*/\s*v\b", re.IGNORECASE)
DATE_RE = re.compile(r"ngày.*năm", re.IGNORECASE | re.DOTALL)
RULE_RE = re.compile(r"^[\s_\-–—.]*$")
KINH_GUI_RE = re.compile(r"^\s*kính\s+gửi", re.IGNORECASE)
NOI_NHAN_RE = re.compile(r"^\s*nơi\s+nhận", re.IGNORECASE)
APPENDIX_RE = re.compile(r"^\s*phụ\s+lục\b", re.IGNORECASE)
BLANK = r"[\s._…]*"
DATE_LINE_RE = re.compile(
    rf"^(?P<place>[^,]*?)(?P<comma>\s*,)?\s*ngày(?P<day>{BLANK}[0-9]*{BLANK})tháng"
    rf"(?P<month>{BLANK}[0-9]*{BLANK})năm(?P<year>{BLANK}[0-9]*{BLANK})$",
    re.IGNORECASE)
LONG_DATE_RE = re.compile(r"\bngày\s+([0-9]{1,3})\s+tháng\s+([0-9]{1,3})\s+năm\s+([0-9]{4})\b", re.IGNORECASE)
PLACE_ABBR_RE = re.compile(r"(?:^|\s)(?:TP|Tp|tp|T\.P|TX|Tx|tx)\s*\.|(?:^|\s)(?:TP|TX)(?:\s|$)|HCM\b")
MARK_RE = re.compile(r"^(T/M|K/T|T\.M\.?|K\.T\.?|TUQ|TM|KT|TL|Q|PP|P\.P\.?)(\.?)(?=\s|$)")
ALLOWED_MARKS = ("TM", "KT", "TL", "TUQ", "Q")
MIXED_CASE_GROUPS = {abbr for abbr in DOCUMENT_TYPES.values() if abbr != abbr.upper()} | {"TrS"}
HEADING_RE = re.compile(r"^(Phần|Chương|Mục|Tiểu mục|Điều)\s+[0-9IVXLC]+|^[IVXLC]+\.\s")
LIST_RE = re.compile(r"^([-+*•–—]|[a-zđ]\)|[0-9]+(\.[0-9]+)*[.)])\s")
STAMP_RE = re.compile(r"^(DỰ THẢO( (LẦN )?[0-9]+)?|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|MẬT|TỐI MẬT|TUYỆT MẬT)$",
                       re.IGNORECASE)
AGENCY_HEAD_RE = re.compile(
    r"^(SỞ|BAN|PHÒNG|CỤC|CHI CỤC|TỔNG CỤC|VỤ|VIỆN|TRUNG TÂM|TRƯỜNG|VĂN PHÒNG|THANH TRA|ĐÀI|BÁO|HỘI|"
    r"LIÊN HIỆP|BỆNH VIỆN|BỘ|ỦY BAN|UỶ BAN|UBND|KHO BẠC|CHI NHÁNH|ĐẠI HỌC|CÔNG AN|BỘ CHỈ HUY)\b")
ACADEMIC_RE = re.compile(r"^(GS|PGS|TS|ThS|TSKH|KS|BS|CN|NCS)\.", re.IGNORECASE)

INDENT_MIN, INDENT_MAX = 539, 737  # 0,95–1,3 cm in twips (ND30: 1 cm or 1,27 cm)
