"""The evaluator's shared surface: the state and the methods its parts (expressions, pipelines,
functions) call on each other. Each part subclasses this; `Evaluator` combines them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from netnat.binding.args import Arg
from netnat.binding.decl import Cmdlet
from netnat.engine.scopes import Variables
from netnat.engine.session import Session
from netnat.engine.signals import Sink
from netnat.lang import ast
from netnat.model.values import ScriptBlockValue
from netnat.source import Span

if TYPE_CHECKING:
    from netnat.engine.functions import BlockStage, FunctionInfo


class EvaluatorBase:
    """Declarations only: the concrete methods live in the parts that define them."""

    session: Session
    resolve: Callable[[str], Cmdlet | None]
    file: str | None
    functions: dict[str, FunctionInfo]
    vars: Variables
    call_depth: int  # nested script blocks and functions running now

    # ---- statements (evaluator.py)
    def capture(self, statements: Sequence[ast.Statement]) -> list[object]:
        raise NotImplementedError

    def exec_statements(self, statements: Sequence[ast.Statement], out: Sink) -> None:
        raise NotImplementedError

    def exec_statement(self, node: ast.Statement, out: Sink) -> None:
        raise NotImplementedError

    def statement_value(self, statement: ast.Statement) -> object:
        raise NotImplementedError

    def assign_to(self, target: ast.Expression, value: object) -> None:
        raise NotImplementedError

    def sync_preferences(self) -> None:
        raise NotImplementedError

    # ---- expressions (expressions.py)
    def eval(self, node: ast.Expression) -> object:
        raise NotImplementedError

    def convert(self, value: object, type_node: ast.TypeName, span: Span) -> object:
        raise NotImplementedError

    # ---- pipelines (pipeline.py)
    def invoke_block(self, block: object, input: object, args: object = ()) -> list[object]:
        raise NotImplementedError

    # ---- functions (functions.py)
    def call_block(
        self, block: ScriptBlockValue, input: object, args: Sequence[object], new_scope: bool = True
    ) -> list[object]:
        raise NotImplementedError

    def define_function(self, node: ast.FunctionDefinition) -> None:
        raise NotImplementedError

    def function_stage(
        self,
        info: FunctionInfo,
        args: list[Arg],
        name: str,
        span: Span,
        first: bool,
        dot: bool = False,
    ) -> BlockStage:
        raise NotImplementedError

    def block_stage(
        self, block: ScriptBlockValue, args: list[Arg], node: ast.CommandNode, first: bool
    ) -> BlockStage:
        raise NotImplementedError
