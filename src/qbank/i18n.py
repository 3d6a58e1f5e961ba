"""Fixed strings printed on papers, in English and Chinese, chosen by the paper's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qbank.model import NumericAnswer

_STRINGS: dict[str, dict[str, str]] = {
    "name": {"en": "Name", "zh": "姓名"},
    "student_number": {"en": "Student number", "zh": "学号"},
    "class": {"en": "Class", "zh": "班级"},
    "date": {"en": "Date", "zh": "日期"},
    "duration": {"en": "Duration", "zh": "考试时长"},
    "total_points": {"en": "Total: {points} points", "zh": "总分：{points} 分"},
    "points": {"en": "({points} pt)", "zh": "({points} 分)"},
    "points_plural": {"en": "({points} pts)", "zh": "({points} 分)"},
    "select_all": {"en": "(select all that apply)", "zh": "(多选)"},
    "select_one": {"en": "(select one)", "zh": "(单选)"},
    "true": {"en": "True", "zh": "正确"},
    "false": {"en": "False", "zh": "错误"},
    "answer": {"en": "Answer", "zh": "答案"},
    "key": {"en": "Answer key", "zh": "参考答案"},
    "solutions": {"en": "Solutions", "zh": "答案与解析"},
    "explanation": {"en": "Explanation", "zh": "解析"},
    "question": {"en": "Question", "zh": "题号"},
    "question_n": {"en": "Question {n}", "zh": "第 {n} 题"},
    "variant": {"en": "Variant {variant}", "zh": "{variant} 卷"},
    "page_of": {"en": "Page {page} of {pages}", "zh": "第 {page} 页 / 共 {pages} 页"},
    "instructions": {"en": "Instructions", "zh": "考试说明"},
    "matching_hint": {
        "en": "Write the letter of the matching item next to each number.",
        "zh": "请在每个编号后填写与之匹配的字母。",
    },
    "range": {"en": "between {min} and {max}", "zh": "介于 {min} 与 {max} 之间"},
    "tolerance": {"en": "{value} ± {tolerance}", "zh": "{value} ± {tolerance}"},
    "grading_notes": {"en": "Grading notes", "zh": "评分要点"},
    "total": {"en": "Total", "zh": "合计"},
    "section_points": {"en": "{points} points", "zh": "{points} 分"},
    "points_column": {"en": "Points", "zh": "分值"},
    "points_header": {"en": "Points", "zh": "分值"},
    "feedback": {"en": "Feedback", "zh": "反馈"},
    "if_correct": {"en": "If correct", "zh": "答对时"},
    "if_incorrect": {"en": "If incorrect", "zh": "答错时"},
}


def language(lang: str) -> str:
    """The string table a BCP 47 tag uses: `zh` for any Chinese, else English."""
    return "zh" if lang.lower().split("-")[0] == "zh" else "en"


def t(key: str, lang: str, **values: object) -> str:
    """The fixed string `key` in the language of `lang`, with `{placeholders}` filled in."""
    table = _STRINGS[key]
    return table[language(lang)].format(**values)


def format_points(points: float) -> str:
    """Points without a needless `.0` (2, 1.5)."""
    return str(int(points)) if float(points).is_integer() else f"{points:g}"


def points_label(points: float, lang: str) -> str:
    """`(2 pts)` / `(1 pt)` / `(2 分)`."""
    key = "points" if points == 1 else "points_plural"
    return t(key, lang, points=format_points(points))


def colon(lang: str) -> str:
    """What follows a label: `: ` in English, a full-width `：` in Chinese."""
    return "：" if language(lang) == "zh" else ": "


def numeric_answer(answer: NumericAnswer, lang: str) -> str:
    """An accepted number as a key shows it: `256`, `3.14 ± 0.01`, `between 250 and 260`."""
    if answer.value is None:
        return t(
            "range", lang, min=format_points(answer.min or 0), max=format_points(answer.max or 0)
        )
    if answer.tolerance:
        value, tolerance = format_points(answer.value), format_points(answer.tolerance)
        return t("tolerance", lang, value=value, tolerance=tolerance)
    return format_points(answer.value)


def weighted(text: str, weight: float) -> str:
    """An accepted answer with its credit when partial: `AdamW (50%)`."""
    return text if weight == 100 else f"{text} ({format_points(weight)}%)"
