"""A faster completion of plain leaf fields: the same answers as graphql-core's executor.

A whoOwns answer is ~40 fields, ~37 of them plain attributes (unit, role, groups…); graphql-core
spends ~10 µs on each (a resolve-info object, a path, the completion dispatch), most of a
request. Here a field that strawberry resolves as a plain attribute (no resolver, permission or
extension) and whose type is a scalar or enum, or a list of them, is read and coerced inline.
Anything unusual — null, a value that does not coerce, a directive on the field — goes the
ordinary way, so errors (messages, paths, null propagation) are graphql-core's own.
"""

import weakref
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

# (read the value, leaf type, non-null, list, non-null items): how to complete a plain field
Plan = tuple[Callable[[Any], Any], GraphQLLeafType, bool, bool, bool]
_PLANS: "weakref.WeakKeyDictionary[GraphQLSchema, dict[str, dict[str, Plan | None]]]" = (
    weakref.WeakKeyDictionary()
)
"""Per schema, per object type name, per field name: its plan (None: graphql-core's way)."""


class _Slow(Exception):
    """This value needs graphql-core's own completion (to report its error as it does)."""


def _reader(field: GraphQLField | None) -> Callable[[Any], Any] | None:
    """How strawberry reads a plain attribute field (no resolver, permission or extension:
    StrawberryField.is_basic_field), or None for any other field."""
    resolve = field.resolve if field is not None else None
    if field is None or resolve is None or not getattr(resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if definition.default_resolver is getattr and definition.python_name:
        return attrgetter(definition.python_name)  # what get_result does, without 3 calls
    return lambda source: resolve(source, None)


def _plan(schema: GraphQLSchema, parent: GraphQLObjectType, name: str) -> Plan | None:
    """How to complete `parent.name` inline, or None when graphql-core must do it."""
    field = schema.get_field(parent, name)
    read = _reader(field)
    if field is None or read is None:
        return None
    t: GraphQLOutputType = field.type
    non_null = isinstance(t, GraphQLNonNull)
    if isinstance(t, GraphQLNonNull):
        t = t.of_type
    if is_leaf_type(t):
        return read, t, non_null, False, False
    if isinstance(t, GraphQLList):
        item = t.of_type
        items_non_null = isinstance(item, GraphQLNonNull)
        if isinstance(item, GraphQLNonNull):
            item = item.of_type
        if is_leaf_type(item):
            return read, item, non_null, True, items_non_null
    return None


def _leaf(leaf: GraphQLLeafType, value: Any, non_null: bool) -> Any:
    if value is None:
        if non_null:
            raise _Slow
        return None
    coerced = leaf.coerce_output_value(value)
    if coerced is None or coerced is Undefined:
        raise _Slow
    return coerced


def _complete(plan: Plan, source: Any) -> Any:
    """The completed value of a plain field of `source`; _Slow when it is not plain."""
    read, leaf, non_null, is_list, items_non_null = plan
    value = read(source)
    if not is_list:
        return _leaf(leaf, value, non_null)
    if value is None:
        if non_null:
            raise _Slow
        return None
    if not isinstance(value, list | tuple):
        raise _Slow  # other iterables (and async ones) the ordinary way
    return [_leaf(leaf, v, items_non_null) for v in value]


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, completing plain leaf fields inline (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = _PLANS.get(self.schema)
        if plans is None:
            plans = _PLANS[self.schema] = {}
        self._plans = plans
        # a field middleware (a schema extension with a resolve hook) sees every field
        self._inline = not getattr(self.middleware_manager, "_middleware_resolvers", None)

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if not self._inline:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        plans = self._plans.get(parent_type.name)
        if plans is None:
            plans = self._plans[parent_type.name] = {}
        plain: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            name = node.name.value
            plan = plans.get(name, Undefined)
            if plan is Undefined:
                plan = plans[name] = _plan(self.schema, parent_type, name)
            if plan is not None and len(details) == 1 and not node.directives:
                try:
                    plain[response_name] = _complete(plan, source_value)  # type: ignore[arg-type]
                    continue
                except Exception:  # noqa: BLE001 - _Slow or a coercion error: graphql-core's way
                    pass
            rest[response_name] = details
        if not rest:
            return plain
        if not plain:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        done = super().execute_fields(parent_type, source_value, path, rest, position_context)

        def in_order(others: dict[str, Any]) -> dict[str, Any]:
            """The answers in the query's order (a field graphql-core skipped stays out)."""
            return {
                k: plain[k] if k in plain else others[k]
                for k in grouped_field_set
                if k in plain or k in others
            }

        if isinstance(done, dict):
            return in_order(done)

        async def later() -> dict[str, Any]:
            return in_order(await done)

        return later()
