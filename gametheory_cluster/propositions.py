r"""From primitives to a proposition: statements and proofs written by the engine.

A model's incentive constraints are derived, and its threshold solved, by the
engine; this module writes down what the engine did, as a proposition with its
assumptions and proof:

1. the value of each automaton state (from :math:`V = u + \delta P V`);
2. every one-shot deviation inequality, marked where it holds for all parameter
   values in their domains;
3. the binding inequality and the algebra from it to the threshold, one
   :class:`~gametheory_cluster.thresholds.Step` per line — each line an algebraic
   consequence of the one before (a positive multiple, or a monotone inversion);
4. comparative statics as corollaries: the sign of the threshold's derivative in
   each parameter, proved over the parameter domains where possible.

Renderings: LaTeX (:meth:`Proposition.latex`, a standalone document with amsthm
from :meth:`Proposition.to_tex`), Markdown (:meth:`Proposition.markdown`), and the
Jupyter hooks; in English (``lang="en"``) or Chinese (``lang="zh"``).

Examples
--------
>>> import gametheory_cluster as gc
>>> prop = gc.RepeatedLending(exit_cost=True).proposition()
>>> print(prop.statement())
In the repeated bank–SME lending game in which a detected defaulter is refused credit for
ever and a detected defaulter is forced out of the cluster at cost C, honest repayment (the
bank lends, the SME repays) is a subgame-perfect equilibrium if and only if
δ ≥ (R - C)/(Y - w - C) and R ≥ I.
>>> [c.text("en") for c in prop.corollaries]
['δ* falls as C rises.', 'δ* rises as R rises.',
 'the sign of ∂δ*/∂Y depends on the parameters.',
 'the sign of ∂δ*/∂w depends on the parameters.']
>>> prop
Proposition(δ ≥ (R - C)/(Y - w - C) and R ≥ I; 4 constraints, 3 steps, 4 corollaries)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from . import notation
from .algebra import evaluate, sign
from .automata import Constraint
from .errors import GameTheoryClusterError
from .parameters import PARAMETERS, validate
from .thresholds import Step, Threshold

__all__ = ["Corollary", "Proposition", "derive_proposition"]

LANGUAGES = ("en", "zh")

_REASONS = {
    "constraint": {
        "en": "the binding one-shot deviation constraint",
        "zh": "起约束作用的一次性偏离约束",
    },
    "clear_denominator": {
        "en": "multiplying by the positive denominator",
        "zh": "两边乘以正的分母",
    },
    "drop_positive": {"en": "dividing by positive factors", "zh": "两边除以正因子"},
    "isolate": {"en": "dividing by the positive coefficient", "zh": "两边除以正系数"},
    "invert": {"en": "inverting a monotone function", "zh": "对单调函数求逆"},
    "root": {
        "en": "the only admissible real root, with the sign change read off",
        "zh": "唯一可行实根，并由符号变化确定方向",
    },
    "integer": {"en": "the smallest (largest) whole number", "zh": "取满足条件的最小（最大）整数"},
}

_TEXT = {
    "en": {
        "title": "Proposition",
        "game": "In the repeated bank–SME lending game in which {mechanisms}",
        "claim": ", honest repayment (the bank lends, the SME repays) is a {notion} equilibrium "
        "if and only if",
        "and": " and ",
        "assumptions": "Assumptions",
        "domains": "Parameters range over their domains",
        "assume": "and we assume",
        "timing": "Timing",
        "proof": "Proof",
        "values": "The values of the automaton's states solve $V = u + \\delta P V$:",
        "deviations": "The one-shot deviations:",
        "prefers": "in state {state}{node}, the {player} prefers {action} to {deviation}",
        "after": " after {node}",
        "always": "holds for every parameter value",
        "binding": "The binding constraint: {described}. Solving it for {name}:",
        "corollaries": "Corollaries",
        "falls": "{x}* falls as {y} rises.",
        "rises": "{x}* rises as {y} rises.",
        "unsigned": "the sign of ∂{x}*/∂{y} depends on the parameters.",
        "at": "At {point}.",
    },
    "zh": {
        "title": "命题",
        "game": "在{mechanisms}的银行—中小企业重复借贷博弈中",
        "claim": "，诚实还款（银行放贷、企业还款）是{notion}，当且仅当",
        "and": " 且 ",
        "assumptions": "假设",
        "domains": "各参数取值于其定义域",
        "assume": "并假设",
        "timing": "时序",
        "proof": "证明",
        "values": "自动机各状态的价值满足 $V = u + \\delta P V$：",
        "deviations": "一次性偏离：",
        "prefers": "在状态 {state}{node}，{player} 选择 {action} 优于 {deviation}",
        "after": "（{node} 之后）",
        "always": "对所有参数值成立",
        "binding": "起约束作用的是 {player} 在状态 {state} 的约束；对 {name} 求解：",
        "corollaries": "推论",
        "falls": "{y} 越大，{x}* 越小。",
        "rises": "{y} 越大，{x}* 越大。",
        "unsigned": "∂{x}*/∂{y} 的符号取决于参数。",
        "at": "在 {point} 处。",
    },
}

_PLAYERS = {"zh": {"bank": "银行", "sme": "中小企业"}}

#: Each equilibrium notion a model's conditions can check (``model.equilibrium``): its
#: name in the claim and the one-shot deviation principle that applies to it.
_NOTIONS = {
    "subgame perfect": {
        "en": ("subgame-perfect", "By the one-shot deviation principle it suffices that no "
               "player gains from deviating once, in any state, and conforming afterwards."),
        "zh": ("子博弈精炼均衡",
               "由一次性偏离原则，只需验证在任何状态下，任何参与人一次偏离后再遵循策略都不能获益。"),
    },
    "perfect public": {
        "en": ("perfect public", "The automaton's states move only with what everyone sees (a "
               "default found out or not), so they are public. By the one-shot deviation "
               "principle for perfect public equilibria (Fudenberg, Levine and Maskin 1994) it "
               "suffices that no player gains from deviating once after any public history, "
               "in any state, and conforming afterwards."),
        "zh": ("完美公共均衡",
               "自动机的状态只随所有人都能看到的信号（违约是否被发现）变化，是公共的。"
               "由完美公共均衡的一次性偏离原则（Fudenberg, Levine and Maskin 1994），"
               "只需验证在任何公共历史（任何状态）下，任何参与人一次偏离后再遵循策略都不能获益。"),
    },
    "sequential": {
        "en": ("sequential", "A private history starts no proper subgame. By the one-shot "
               "deviation principle for sequential rationality it suffices that no player gains "
               "from deviating once at any information set, given its beliefs, and conforming "
               "afterwards."),
        "zh": ("序贯均衡",
               "私人历史之后没有真子博弈。由序贯理性的一次性偏离原则，"
               "只需验证在任何信息集上，给定信念，任何参与人一次偏离后再遵循策略都不能获益。"),
    },
}


def _notion(model: Any, lang: str) -> tuple[str, str]:
    """The name of ``model``'s equilibrium notion in the claim, and its deviation principle."""
    return _NOTIONS[getattr(model, "equilibrium", "subgame perfect")][lang]


def _lang(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise GameTheoryClusterError(
            f"unknown language {lang!r}; valid languages: {', '.join(LANGUAGES)}"
        )
    return _TEXT[lang]


def _player(name: str, lang: str) -> str:
    return _PLAYERS.get(lang, {}).get(name, "SME" if name == "sme" else name)


def _tex(expr: Any, assume: Any = ()) -> str:
    """LaTeX in the papers' notation (:func:`gametheory_cluster.notation.latex`)."""
    return notation.latex(expr, assume)


def _said(c: Constraint, words: Mapping[str, str], lang: str, tex: bool) -> str:
    """A deviation in words: the constraint's own description in English."""
    if lang == "en":
        return _esc(c.description) if tex else c.description
    node = words["after"].format(node=c.node) if c.node else ""
    return words["prefers"].format(
        state=_esc(c.state) if tex else c.state, node=node, player=_player(c.player, lang),
        action=c.action, deviation=c.deviation,
    )


@dataclass(frozen=True)
class Corollary:
    """The sign of the threshold's derivative in one parameter (comparative statics)."""

    threshold: str
    parameter: str
    derivative: sp.Expr
    sign: int | None

    def text(self, lang: str = "en", latex: bool = False) -> str:
        """The corollary in words (with LaTeX math when ``latex``)."""
        words = _lang(lang)
        key = {1: "rises", -1: "falls"}.get(self.sign, "unsigned")
        if not latex:
            return words[key].format(x=notation.name(self.threshold),
                                     y=notation.name(self.parameter))
        x, y = (_tex(sp.Symbol(n)) for n in (self.threshold, self.parameter))
        text = (
            words[key].format(x="@X", y="@Y").replace("∂@X*/∂@Y", rf"$\partial {x}^*/\partial {y}$")
        )
        return text.replace("@X*", f"${x}^*$").replace("@Y", f"${y}$")


@dataclass(frozen=True)
class Proposition:
    """A statement with its assumptions, proof and corollaries, derived from a model."""

    model: Any
    threshold: Threshold
    values: Mapping[str, Any]
    state_values: Mapping[str, tuple[sp.Expr, ...]]
    constraints: tuple[tuple[Constraint, bool], ...]
    corollaries: tuple[Corollary, ...]
    players: tuple[str, ...]

    # --------------------------------------------------------------- words
    def _mechanisms(self, lang: str) -> str:
        phrases = self.model.describe(lang)
        joiner = _lang(lang)["and"] if lang == "en" else "、"
        if lang == "en" and len(phrases) > 1:
            return ", ".join(phrases[:-1]) + " and " + phrases[-1]
        return joiner.join(phrases)

    def _condition(self, render: Any) -> tuple[str, list[str]]:
        return render(self.threshold.condition), [render(c) for c in self.threshold.requires]

    def _text(self, expr: Any) -> str:
        return notation.text(expr, self.threshold.valid_when)

    def _latex(self, expr: Any) -> str:
        return notation.latex(expr, self.threshold.valid_when)

    def statement(self, lang: str = "en") -> str:
        """The proposition in words, with the condition in plain text."""
        words = _lang(lang)
        main, extra = self._condition(self._text)
        condition = words["and"].join([main, *extra])
        return (
            words["game"].format(mechanisms=self._mechanisms(lang))
            + words["claim"].format(notion=_notion(self.model, lang)[0])
            + " "
            + condition
            + "."
        )

    @property
    def steps(self) -> tuple[Step, ...]:
        """The algebra from the binding constraint to the threshold."""
        return self.threshold.steps

    # --------------------------------------------------------------- LaTeX
    def latex(self, lang: str = "en") -> str:
        """The proposition, assumptions, proof and corollaries as LaTeX (amsthm environments)."""
        words = _lang(lang)
        main, extra = self._condition(self._latex)
        lines = [
            r"\begin{proposition}",
            words["game"].format(mechanisms=self._mechanisms(lang))
            + words["claim"].format(notion=_notion(self.model, lang)[0]),
            rf"\[ {main} \]",
        ]
        if extra:
            lines.append(words["and"].strip() + " " + ", ".join(f"${e}$" for e in extra) + ".")
        lines += [
            r"\end{proposition}",
            "",
            rf"\paragraph{{{words['assumptions']}.}}",
            self._assumptions_tex(lang),
        ]
        principle = _notion(self.model, lang)[1]
        lines += ["", r"\begin{proof}", principle, "", words["values"], r"\begin{align*}"]
        rows = []
        for state, vals in self.state_values.items():
            for player, value in zip(self.players, vals, strict=False):
                rows.append(
                    rf"V^{{\mathrm{{{player}}}}}_{{\mathrm{{{_esc(state)}}}}} &= {_tex(value)}"
                )
        lines += [r" \\ ".join(rows), r"\end{align*}", words["deviations"], r"\begin{itemize}"]
        for c, trivial in self.constraints:
            said = _said(c, words, lang, tex=True)
            tail = f" ({words['always']})" if trivial else ""
            lines.append(
                rf"\item {said}: $ {_tex(c.conform)} \ge {_tex(c.deviate)}$"
                rf", i.e.\ $ {_tex(c.slack)} \ge 0$" + tail + "."
            )
        lines.append(r"\end{itemize}")
        binding = self.threshold.binding
        if binding is not None and self.steps:
            lines.append(
                words["binding"].format(
                    player=_player(binding.player, lang),
                    state=_esc(binding.state),
                    name=f"${_tex(sp.Symbol(self.threshold.parameter))}$",
                    described=_esc(binding.description),
                )
            )
            lines.append(r"\begin{align*}")
            rows = []
            for i, step in enumerate(self.steps):
                lead = "" if i == 0 else r"\iff\ "
                rows.append(
                    rf"{lead}& {_tex(step.claim)} && \text{{{_REASONS[step.reason][lang]}}}"
                )
            lines += [r" \\ ".join(rows), r"\end{align*}"]
        lines += [r"\end{proof}"]
        if self.corollaries:
            lines += ["", rf"\paragraph{{{words['corollaries']}.}}", r"\begin{itemize}"]
            lines += [
                rf"\item {c.text(lang, latex=True)} "
                rf"$\partial/\partial {_tex(sp.Symbol(c.parameter))} = {_tex(c.derivative)}$."
                for c in self.corollaries
            ]
            lines.append(r"\end{itemize}")
        return "\n".join(lines)

    def _assumptions_tex(self, lang: str) -> str:
        words = _lang(lang)
        names = sorted(
            {s.name for c, _ in self.constraints for s in c.slack.free_symbols} - set(self.values)
        )
        domains = ", ".join(
            rf"${PARAMETERS[n].notation} \in {_interval_tex(PARAMETERS[n].domain)}$"
            for n in names
            if n in PARAMETERS
        )
        text = f"{words['domains']}: {domains}"
        assumed = [*self.threshold.valid_when, *self.model.assumptions()]
        if assumed:
            text += f"; {words['assume']} " + ", ".join(f"${_tex(c)}$" for c in assumed)
        if self.values:
            text += "; " + words["at"].format(
                point=", ".join(
                    f"${_tex(sp.Symbol(k))} = {sp.latex(v)}$" for k, v in self.values.items()
                )
            )
        return text + "."

    def to_tex(self, lang: str = "en") -> str:
        """A standalone LaTeX document (``pdflatex`` for English, ``xelatex`` for Chinese)."""
        head = [r"\documentclass{article}", r"\usepackage{amsmath,amssymb,amsthm}"]
        if lang == "zh":
            head.append(r"\usepackage{ctex}")
        head += [
            rf"\newtheorem{{proposition}}{{{_lang(lang)['title']}}}",
            rf"\renewcommand{{\proofname}}{{{_lang(lang)['proof']}}}",
            r"\begin{document}",
            self.latex(lang),
            r"\end{document}",
            "",
        ]
        return "\n".join(head)

    def _repr_latex_(self) -> str:
        """The claim's condition with its side conditions, as display math."""
        return f"${self.threshold.latex()}$"

    def __repr__(self) -> str:
        """One line: the condition, and how much proof stands behind it."""
        main, extra = self._condition(self._text)
        return (f"Proposition({' and '.join([main, *extra])}; "
                f"{len(self.constraints)} constraints, {len(self.steps)} steps, "
                f"{len(self.corollaries)} corollaries)")

    # ------------------------------------------------------------ Markdown
    def markdown(self, lang: str = "en") -> str:
        """The proposition and proof as Markdown with ``$…$`` math."""
        words = _lang(lang)
        main, extra = self._condition(self._latex)
        out = [
            f"**{words['title']}.** "
            + words["game"].format(mechanisms=self._mechanisms(lang))
            + words["claim"].format(notion=_notion(self.model, lang)[0])
            + f" ${main}$"
            + "".join(f"{words['and']}${e}$" for e in extra)
            + "."
        ]
        out.append(f"\n*{words['proof']}.* {_notion(self.model, lang)[1]}")
        for c, trivial in self.constraints:
            said = _said(c, words, lang, tex=False)
            out.append(
                f"- {said}: ${_tex(c.slack)} \\ge 0$" + (f" ({words['always']})" if trivial else "")
            )
        for step in self.steps:
            out.append(f"- ${_tex(step.claim)}$ ({_REASONS[step.reason][lang]})")
        out += [f"- {c.text(lang)}" for c in self.corollaries]
        return "\n".join(out)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.statement()


def _interval_tex(domain: sp.Set) -> str:
    """A domain as interval notation, ``(0, \\infty)`` (not ``\\left(0, \\infty\\right)``)."""
    if isinstance(domain, sp.Interval):
        left = "(" if domain.left_open or domain.start.is_infinite else "["
        right = ")" if domain.right_open or domain.end.is_infinite else "]"
        return f"{left}{_tex(domain.start)}, {_tex(domain.end)}{right}"
    return sp.latex(domain)


def _esc(text: str) -> str:
    return text.replace("_", r"\_")


def derive_proposition(model: Any, parameter: str = "delta", **values: Any) -> Proposition:
    """Write the proposition for ``model``'s threshold in ``parameter``.

    ``model`` needs ``game`` (a :class:`~gametheory_cluster.automata.RepeatedGame`),
    ``constraints()``, ``threshold(name, **values)``, ``describe(lang)`` and
    ``assumptions()`` (relations ``e > 0`` the economics takes for granted).
    """
    threshold = model.threshold(parameter, **values)
    given = validate(values, allowed=model.parameters)
    state_values = {
        state: tuple(evaluate(v, given) for v in vals)
        for state, vals in model.game.values().items()
    }
    constraints = tuple(
        (
            Constraint(
                c.state,
                c.player,
                c.action,
                c.deviation,
                evaluate(c.slack, given),
                c.node,
                c.on_path,
                evaluate(c.conform, given),
                evaluate(c.deviate, given),
                c.description,
            ),
            sign(evaluate(c.slack, given)) in (0, 1),
        )
        for c in model.constraints()
    )
    corollaries = []
    value = threshold.value
    if value is not None and isinstance(value, sp.Basic) and not value.has(sp.Max, sp.Min):
        for s in sorted(value.free_symbols, key=lambda s: s.name):
            derivative = sp.factor(sp.diff(value, s))
            signed = _signed(derivative, [*threshold.valid_when, *model.assumptions()])
            corollaries.append(Corollary(parameter, s.name, derivative, signed))
    return Proposition(
        model, threshold, given, state_values, constraints, tuple(corollaries), model.game.players
    )


def _signed(derivative: sp.Expr, assumptions: list[Any]) -> int | None:
    """The sign of a derivative over the domains and under ``assumptions`` (``e > 0``).

    Even powers count as positive; each assumption ``e > 0`` is used by writing one
    of its symbols as ``e``'s positive slack (``Y = R + w + rho`` for ``Y - R - w > 0``).
    """
    slack_subs: dict[sp.Symbol, sp.Expr] = {}
    for k, a in enumerate(assumptions):
        e = sp.expand((a.lhs - a.rhs).xreplace(slack_subs))
        for z in sorted((z for z in e.free_symbols if z.name in PARAMETERS), key=lambda z: z.name):
            coeff = e.coeff(z)
            if coeff.is_number and coeff != 0 and z not in sp.expand(e - coeff * z).free_symbols:
                value = (sp.Symbol(f"_rho{k}", positive=True) - (e - coeff * z)) / coeff
                slack_subs = {y: v.xreplace({z: value}) for y, v in slack_subs.items()}
                slack_subs[z] = value
                break
    assumed = [sp.expand(a.lhs - a.rhs) for a in assumptions]
    num, den = sp.fraction(sp.together(derivative))
    total = 1
    for part in (num, den):
        try:
            const, factors = sp.factor_list(part)
        except sp.PolynomialError:
            const, factors = 1, [(part, 1)]
        total *= 1 if const > 0 else -1 if const < 0 else 0
        for factor, k in factors:
            s = 1 if k % 2 == 0 else _factor_sign(factor, assumed, slack_subs)
            if s is None:
                return None
            total *= s
    return total


def _factor_sign(factor: sp.Expr, assumed: list[sp.Expr], slack_subs: dict) -> int | None:
    """Sign of one factor: over the domains, as ± an assumed-positive expression, or by slacks."""
    s = sign(factor)
    if s is not None:
        return s
    for e in assumed:
        if sp.expand(factor - e) == 0:
            return 1
        if sp.expand(factor + e) == 0:
            return -1
    return sign(sp.together(factor.xreplace(slack_subs)))
