"""QB108 unreadable-file: a bank file or folder that cannot be read."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class UnreadableFile(LoaderRule):
    """A bank file that cannot be read, or a bank folder that does not exist.

    ## What it does
    Reports the file with the operating system's reason (permission denied, ...). The other
    files are still read and checked.

    ## Why is this bad?
    Its questions would be missing from every paper and export without anyone noticing.

    ## Example
    ```console
    $ chmod 000 bank/cnn.yaml
    $ qbank lint bank
    bank/cnn.yaml: QB108 cannot read file: Permission denied
    ```

    ## Use instead
    ```console
    $ chmod 644 bank/cnn.yaml
    ```
    """

    code = load.UNREADABLE
    name = "unreadable-file"
    message = "cannot read file: {reason}"


RULE = UnreadableFile
