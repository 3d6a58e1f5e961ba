"""QB334 too-many-matching-items-in-word: a matching question lettered past Z in Word."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class TooManyMatchingItemsInWord(WriterRule):
    """A matching question with more than 26 right-hand items (pairs plus distractors), in Word.

    ## What it does
    The Word writer (`qbank export -f docx`) letters the right-hand items with Word's own
    numbering, which goes on past Z as AA, BB, ...; the answer key has no letters for those, so
    it reports the loss.

    ## Why is this bad?
    The key cannot refer to the items past Z, and a list of that length is hard to use on
    paper anyway.

    ## Example
    ```yaml
    id: m-1
    type: matching
    stem: Match each activation function with its range.
    pairs:
      - {left: sigmoid, right: "(0, 1)"}
      - {left: tanh, right: "(-1, 1)"}
    distractors: [d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13,
      d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25]
    ```

    ## Use instead
    Split the question, or use fewer distractors:

    ```yaml
    id: m-1
    type: matching
    stem: Match each activation function with its range.
    pairs:
      - {left: sigmoid, right: "(0, 1)"}
      - {left: tanh, right: "(-1, 1)"}
    distractors: ["[0, ∞)", "(-∞, ∞)"]
    ```
    """

    code = "QB334"
    name = "too-many-matching-items-in-word"
    targets = ("docx",)
    message = "matching question has {count} right-hand items; Word letters past Z as AA, BB, ..."
    help = "split the question or use fewer distractors"


RULE = TooManyMatchingItemsInWord
