"""QB101 invalid-utf8: a bank file that is not UTF-8."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class InvalidUtf8(LoaderRule):
    """A bank file whose bytes are not valid UTF-8.

    ## What it does
    Reports the first byte of a file that is not valid UTF-8, at its line and column.
    The loader makes this check; the file is skipped and the other files are still read.

    ## Why is this bad?
    Every qbank file is UTF-8, and so is every format qbank writes (Moodle refuses a GIFT
    file in any other encoding). A file saved as GB18030 or UTF-16 by an old editor would
    otherwise show up as mojibake in front of students.

    ## Example
    A file saved in GB18030:

    ```yaml encoding="gb18030"
    id: tf-1
    type: true_false
    stem: 池化层保留平移不变性。
    answer: true
    ```

    ## Use instead
    The same file saved as UTF-8:

    ```yaml
    id: tf-1
    type: true_false
    stem: 池化层保留平移不变性。
    answer: true
    ```
    """

    code = load.INVALID_UTF8
    name = "invalid-utf8"
    message = "file is not valid UTF-8: byte 0x{byte} at offset {offset}"
    help = "save the file as UTF-8 (GB18030 or UTF-16 files must be converted)"


RULE = InvalidUtf8
