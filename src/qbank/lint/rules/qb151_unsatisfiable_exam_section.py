"""QB151 unsatisfiable-exam-section: an exam section asks for more questions than the bank has."""

from __future__ import annotations

from qbank import exam
from qbank.lint.base import ExamRule


class UnsatisfiableExamSection(ExamRule):
    """An exam section whose filter (type, tags, difficulty, count) the bank cannot fill.

    ## What it does
    Reports, at the section in bank.yaml, a section that asks for more questions than the
    bank has free: those the filter matches minus those other sections already took (the
    message counts both and lists the matching ids). Exam assembly refuses to build the exam
    for the same reason, with the same code; lint checks it only when every file loaded.

    ## Why is this bad?
    The exam cannot be built until someone lowers `count`, widens the filter or writes more
    questions; found in CI, that happens before the exam week rather than during it.

    ## Example
    ```yaml title="bank.yaml"
    title: Example
    exams:
      quiz:
        sections:
          - tags: [rnn]
            count: 3
    ```

    ```yaml
    id: rnn-1
    type: true_false
    stem: An LSTM has a forget gate.
    answer: true
    tags: [rnn]
    ```

    ## Use instead
    ```yaml title="bank.yaml"
    title: Example
    exams:
      quiz:
        sections:
          - tags: [rnn]
            count: 1
    ```

    ```yaml
    id: rnn-1
    type: true_false
    stem: An LSTM has a forget gate.
    answer: true
    tags: [rnn]
    ```
    """

    code = exam.UNSATISFIABLE
    name = "unsatisfiable-exam-section"
    message = "exam '{exam}', {section}: asks for {wanted}; {found}"
    help = "lower `count`, widen the filter, or add questions to the bank"


RULE = UnsatisfiableExamSection
