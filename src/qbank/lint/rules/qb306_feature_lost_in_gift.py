"""QB306 feature-lost-in-gift: something of a question that a GIFT file cannot carry."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class FeatureLostInGift(WriterRule):
    """A part of a question that the GIFT writer cannot write, reported when it exports.

    ## What it does
    The GIFT writer (`qbank export -f gift`) writes the question without the part it cannot
    carry and reports each loss: an essay's grading notes, a description's explanation, a
    case-sensitive short answer (imported as case-insensitive), a short answer containing
    `->` (written `-&gt;`, since Moodle would read `=` plus `->` as a matching question), or
    a matching right-hand side with formatting (Moodle shows plain text).

    ## Why is this bad?
    The question imported into Moodle is not the one the author wrote: graders miss their
    notes, or a student's answer is marked right or wrong by other rules than intended.
    `qbank export --strict` refuses to write the file.

    ## Example
    ```yaml
    id: essay-1
    type: essay
    stem: Explain why dropout reduces overfitting.
    grading_notes: Full marks for mentioning co-adaptation of units.
    ```

    ## Use instead
    Keep the notes for paper exports and accept the loss for Moodle, where they go into
    *Information for graders* by hand after import:

    ```yaml
    id: essay-1
    type: essay
    stem: Explain why dropout reduces overfitting.
    grading_notes: Full marks for mentioning co-adaptation of units.
    # Moodle: paste the notes into "Information for graders" after import.
    lint: {ignore: [QB306]}
    ```
    """

    code = "QB306"
    name = "feature-lost-in-gift"
    targets = ("gift",)
    message = "GIFT cannot carry {what}"


RULE = FeatureLostInGift
