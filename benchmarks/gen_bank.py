"""Write a synthetic bank of N questions: every type, half Chinese half English, rich explanations.

Usage: python benchmarks/gen_bank.py N OUT_DIR [--per-file K]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

from qbank.model import QUESTION_TYPES

TYPES = tuple(QUESTION_TYPES)
# Choice questions dominate real banks; keep every type present.
WEIGHTS = (35, 20, 10, 8, 7, 7, 8, 5)

ZH_WORDS = [
    "卷积神经网络",
    "池化层",
    "平移不变性",
    "激活函数",
    "梯度消失",
    "反向传播",
    "正则化",
    "学习率",
    "批归一化",
    "注意力机制",
    "损失函数",
    "过拟合",
    "训练集",
    "测试集",
    "特征图",
    "参数",
    "优化器",
    "动量",
    "权重衰减",
    "残差连接",
]
EN_WORDS = [
    "convolution",
    "pooling",
    "invariance",
    "activation",
    "gradient",
    "backpropagation",
    "regularisation",
    "learning",
    "rate",
    "normalisation",
    "attention",
    "loss",
    "overfitting",
    "training",
    "test",
    "feature",
    "map",
    "parameter",
    "optimiser",
    "momentum",
    "decay",
    "residual",
    "network",
    "layer",
    "neuron",
]


def _sentence(rng: random.Random, zh: bool, n: int) -> str:
    words = [rng.choice(ZH_WORDS if zh else EN_WORDS) for _ in range(n)]
    if zh:
        return "".join(words) + "。"
    return " ".join(words).capitalize() + "."


def _markdown(rng: random.Random, zh: bool, i: int) -> str:
    s = _sentence(rng, zh, 6)
    return f"{s} **{rng.choice(EN_WORDS)}** and `code_{i}` with $x_{{{i}}}^2$."


def _explanation(rng: random.Random, zh: bool) -> list[dict[str, str]]:
    items = "\n".join(f"- {_sentence(rng, zh, 5)}" for _ in range(3))
    nested = f"1. {_sentence(rng, zh, 4)}\n   - {_sentence(rng, zh, 3)}\n2. {_sentence(rng, zh, 4)}"
    return [
        {"title": "概念" if zh else "Concept", "body": _sentence(rng, zh, 25) + "\n"},
        {"title": "要点" if zh else "Key points", "body": f"{items}\n\n{nested}\n"},
        {"body": _sentence(rng, zh, 12) + "\n"},
    ]


def question(i: int, rng: random.Random) -> dict[str, object]:
    """One synthetic question (a plain mapping as an author would write it)."""
    kind = rng.choices(TYPES, WEIGHTS)[0]
    zh = i % 2 == 0
    q: dict[str, object] = {
        "id": f"q{i:06d}",
        "type": kind,
        "stem": _markdown(rng, zh, i) + ("？" if zh else "?"),
        "tags": rng.sample(["cnn", "rnn", "optimisation", "activation", "dropout", "loss"], 2),
        "difficulty": rng.choice(["easy", "medium", "hard"]),
    }
    if zh:
        q["lang"] = "zh-CN"
    if kind in ("single_choice", "multiple_choice"):
        n = rng.choice((4, 4, 4, 5))
        q["options"] = [_sentence(rng, zh, 3) + f" ({k})" for k in range(n)]
        if kind == "single_choice":
            q["answer"] = "ABCDE"[rng.randrange(n)]
        else:
            k = rng.choice((2, 2, 3)) if n == 4 else 2
            q["answer"] = sorted(rng.sample("ABCDE"[:n], k))
    elif kind == "true_false":
        q["answer"] = rng.random() < 0.5
    elif kind == "short_answer":
        q["answers"] = [rng.choice(EN_WORDS), {"text": rng.choice(EN_WORDS) + "s", "weight": 50}]
    elif kind == "numerical":
        q["answers"] = [{"value": rng.randint(1, 500), "tolerance": 0.5}]
    elif kind == "matching":
        q["pairs"] = [
            {"left": f"{_sentence(rng, zh, 2)} {k}", "right": f"{_sentence(rng, zh, 2)} {k}"}
            for k in range(3)
        ]
    elif kind == "essay":
        q["answer_lines"] = 6
    if kind != "description":
        q["explanation"] = _explanation(rng, zh)
    return q


def generate(n: int, out_dir: Path | str, *, per_file: int = 1, seed: int = 1) -> Path:
    """Write a bank of `n` questions into `out_dir` (created); returns the folder."""
    out = Path(out_dir)
    (out / "questions").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    (out / "bank.yaml").write_text(
        "title: Synthetic benchmark bank 合成题库\nlang: en\n", encoding="utf-8"
    )
    questions = [question(i, rng) for i in range(n)]
    for start in range(0, n, per_file):
        chunk = questions[start : start + per_file]
        data: object = chunk[0] if per_file == 1 else chunk
        text = yaml.dump(data, allow_unicode=True, sort_keys=False, width=1000)
        folder = out / "questions" / f"{start // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"q{start:06d}.yaml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-file", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.out, per_file=args.per_file)
    print(f"wrote {args.n} questions to {args.out}")


if __name__ == "__main__":
    main()
