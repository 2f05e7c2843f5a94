"""The shape of rule files and case files, as pydantic models (also the source of their JSON Schema)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from rsd_checklist import conditions

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
# Constraints are written as plain validators rather than with pydantic's Field: importing Field
# costs a command-line start about 30 ms (annotated_types, pydantic.types) for no gain here.


def _pattern(regex: str) -> Any:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise PydanticCustomError(
                "string_pattern_mismatch", "String should match pattern '{pattern}'", {"pattern": regex}
            )
        return value

    return Annotated[str, AfterValidator(check), WithJsonSchema({"type": "string", "pattern": regex})]


def _not_empty(value: Any) -> Any:
    if len(value) == 0:
        kind = (
            "String should have at least 1 character"
            if isinstance(value, str)
            else "List should have at least 1 item after validation, not 0"
        )
        raise PydanticCustomError("too_short", kind)
    return value


_NON_EMPTY_LISTS = ("citations", "groups", "files")  # json_schema() marks them minItems: 1


def _non_empty_list(item: Any) -> Any:
    return Annotated[list[item], AfterValidator(_not_empty)]


Id = _pattern(ID_PATTERN)
Text = Annotated[str, AfterValidator(_not_empty), WithJsonSchema({"type": "string", "minLength": 1})]
Word = _pattern(r"^[a-z][a-z0-9_]*$")

_FACT_TEST = {
    "type": "object",
    "required": ["fact"],
    "properties": {
        "fact": {"type": "string"},
        "is": {"type": ["string", "integer", "boolean"]},
        "in": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "includes": {"type": "string"},
        "includes_any": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "at_least": {"type": "integer"},
        "below": {"type": "integer"},
    },
    "additionalProperties": False,
}
CONDITION_JSON_SCHEMA: dict[str, Any] = {
    "title": "Condition",
    "description": "all / any / not / fact / argument; evaluated in three values.",
    "oneOf": [
        {
            "type": "object",
            "required": ["all"],
            "properties": {"all": {"type": "array", "items": {"$ref": "#/$defs/Condition"}, "minItems": 1}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["any"],
            "properties": {"any": {"type": "array", "items": {"$ref": "#/$defs/Condition"}, "minItems": 1}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["not"],
            "properties": {"not": {"$ref": "#/$defs/Condition"}},
            "additionalProperties": False,
        },
        _FACT_TEST,
        {
            "type": "object",
            "required": ["argument"],
            "properties": {"argument": {"type": "string"}},
            "additionalProperties": False,
        },
    ],
}


_CONDITION_MARK = "rsd-checklist condition"
ModelT = TypeVar("ModelT", bound=BaseModel)


def _parse_condition(value: object) -> conditions.Condition:
    try:
        return conditions.parse(value)
    except conditions.ConditionError as exc:
        raise PydanticCustomError("condition", exc.message, {"subpath": list(exc.path)}) from None


Condition = Annotated[
    Any,
    PlainValidator(_parse_condition),
    WithJsonSchema({"title": _CONDITION_MARK}),
]


class _Strict(BaseModel):
    # defer_build: the validators are built on first validation, so a process that only reads a
    # cached, already validated rule base (see construct_trusted) never pays for building them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Citation(_Strict):
    """A verbatim passage of a report, with the pinpoint where it stands."""

    doc: _pattern(r"^[a-z0-9][a-z0-9-]*$")  # type: ignore[valid-type]
    at: Text
    quote: Text


class Choice(_Strict):
    value: _pattern(r"^[a-z0-9_]+$")  # type: ignore[valid-type]
    label: Text


class Derivation(_Strict):
    """The fact takes `value` whenever `when` holds, so the question is not asked."""

    when: Condition
    value: bool | int | str
    note: str = ""
    citations: list[Citation] = []


FactType = Literal["bool", "int", "choice", "multi"]


class FactDef(_Strict):
    id: Word  # type: ignore[valid-type]
    topic: Text = "General"
    label: Text
    prompt: Text
    help: str = ""
    type: FactType
    choices: list[Choice] = []
    min: int | None = None
    max: int | None = None
    asked_when: Condition | None = None
    derived: list[Derivation] = []
    citations: list[Citation] = []


class Response(_Strict):
    """How an opposing position is met: the argument that meets it, in words, with sources."""

    argument: Id | None = None
    response: Text
    citations: list[Citation] = []


class Weakness(_Strict):
    point: Text
    citations: list[Citation] = []


class Authority(_Strict):
    """A source outside the corpus: listed, never quoted."""

    cite: Text
    point: str = ""


class ArgumentDef(_Strict):
    id: Id
    group: Word  # type: ignore[valid-type]
    title: Text
    test: Text
    when: Condition
    note: str = ""
    citations: _non_empty_list(Citation)  # type: ignore[valid-type]
    answers: list[Response] = []
    weaknesses: list[Weakness] = []
    authorities: list[Authority] = []


class Group(_Strict):
    id: Word  # type: ignore[valid-type]
    title: Text
    description: str = ""
    # "remedies": the group's applying arguments are what to ask for, and summaries set them
    # out as remedies rather than as arguments
    role: Literal["arguments", "remedies"] = "arguments"


class RuleIndex(_Strict):
    """rules/index.yaml: what the rule base is, its argument groups, and its files in order."""

    title: Text
    description: str = ""
    groups: _non_empty_list(Group)  # type: ignore[valid-type]
    files: _non_empty_list(Text)  # type: ignore[valid-type]


class RuleFile(_Strict):
    facts: list[FactDef] = []
    arguments: list[ArgumentDef] = []


Status = Literal["applies", "does_not_apply", "undetermined"]
STATUSES: tuple[Status, ...] = ("applies", "does_not_apply", "undetermined")


class CaseFile(BaseModel):
    """A case profile: answered facts (absent means unknown) and, for training, the expected result."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # notes are kept exactly as written

    title: Text
    summary: str = ""
    notes: str = ""
    facts: dict[str, Any] = {}
    expected: dict[str, Status] = {}
    model_answer: str = ""


def construct_trusted(model: type[ModelT], data: dict[str, Any]) -> ModelT:
    """Build a model from data that passed validation before (a cached rule base), skipping validation.

    Nested models are built the same way and conditions are parsed, exactly as validation does.
    """
    plan = _plan(model)
    return model.model_construct(**{name: plan[name](value) for name, value in data.items()})


_Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@cache
def _plan(model: type[BaseModel]) -> dict[str, _Convert]:
    """For each field of `model`, how to turn trusted plain data into the field's value."""
    return {name: _converter(field.annotation, field.metadata) for name, field in model.model_fields.items()}


def _converter(annotation: Any, metadata: list[Any]) -> _Convert:
    for item in metadata:
        if isinstance(item, PlainValidator):
            func = item.func
            return lambda value: None if value is None else func(value)  # type: ignore[call-arg]
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _converter(args[0], list(args[1:]))
    if origin in (Union, UnionType):
        inner = [a for a in args if a is not type(None)]
        structured = [
            a for a in inner if get_origin(a) is Annotated or (isinstance(a, type) and issubclass(a, BaseModel))
        ]
        if len(structured) == 1:
            convert = _converter(structured[0], [])
            return lambda value: None if value is None else convert(value)
        return _identity
    if origin is list and args:
        item = _converter(args[0], [])
        return _identity if item is _identity else (lambda value: [item(v) for v in value])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return lambda value: construct_trusted(annotation, value)
    return _identity


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema, with conditions pointing at one recursive definition."""
    found = False

    def link(node: Any) -> Any:
        nonlocal found
        if isinstance(node, dict):
            if node.get("title") == _CONDITION_MARK:
                found = True
                return {"$ref": "#/$defs/Condition"}
            return {k: link(v) for k, v in node.items()}
        if isinstance(node, list):
            return [link(v) for v in node]
        return node

    def require_items(node: Any) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if name in _NON_EMPTY_LISTS and isinstance(prop, dict) and prop.get("type") == "array":
                    prop["minItems"] = 1
            for value in node.values():
                require_items(value)
        elif isinstance(node, list):
            for value in node:
                require_items(value)

    schema = link(model.model_json_schema())
    require_items(schema)
    if found:
        schema.setdefault("$defs", {})["Condition"] = CONDITION_JSON_SCHEMA
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def case_schema(facts: Iterable[FactDef], argument_ids: Iterable[str]) -> dict[str, Any]:
    """The case-file schema for one rule base: each fact with its type, choices and bounds, and
    the argument ids `expected` may name, so that an editor flags a wrong answer as it is typed."""
    schema = json_schema(CaseFile)
    answers: dict[str, Any] = {}
    for fact in facts:
        values = [c.value for c in fact.choices]
        answer: dict[str, Any]
        if fact.type == "bool":
            answer = {"type": ["boolean", "null"]}
        elif fact.type == "int":
            answer = {"type": ["integer", "null"]}
            if fact.min is not None:
                answer["minimum"] = fact.min
            if fact.max is not None:
                answer["maximum"] = fact.max
        elif fact.type == "choice":
            answer = {"enum": [*values, None]}
        else:
            answer = {"type": ["array", "null"], "items": {"enum": values}, "uniqueItems": True}
        answers[fact.id] = {**answer, "description": f"{fact.label}: {fact.prompt} (null: not known)"}
    schema["properties"]["facts"] = {
        "type": "object",
        "description": "answers by fact id; a fact left out is unknown",
        "properties": answers,
        "additionalProperties": False,
        "default": {},
    }
    schema["properties"]["expected"]["propertyNames"] = {"enum": list(argument_ids)}
    return schema
