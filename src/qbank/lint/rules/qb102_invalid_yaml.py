"""QB102 invalid-yaml: a bank file that is not valid YAML."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class InvalidYaml(LoaderRule):
    """A bank file that YAML cannot parse.

    ## What it does
    Reports a YAML syntax error at the line and column where the parser stopped. The loader
    makes this check; the rest of the bank is still read and checked.

    ## Why is this bad?
    Nothing in the file can be read, so none of its questions reach a paper or Moodle.

    ## Example
    A colon followed by a space inside an unquoted text starts a mapping:

    ```yaml
    id: tf-1
    type: true_false
    stem: True or false: pooling keeps translation invariance.
    answer: true
    ```

    ## Use instead
    Quote the text:

    ```yaml
    id: tf-1
    type: true_false
    stem: "True or false: pooling keeps translation invariance."
    answer: true
    ```
    """

    code = load.INVALID_YAML
    name = "invalid-yaml"
    message = "YAML syntax error: {problem}"


RULE = InvalidYaml
