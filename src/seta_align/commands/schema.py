"""``seta-align schema``: the JSON Schema of our files, from the same pydantic models that
validate them, so editors (the YAML language server) complete and check measure files."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from ..app import ColorOpt, ForceOpt, LangOpt, OutputOpt, QuietOpt, app, chosen_lang, usage_error


class SchemaKind(StrEnum):
    measures = "measures"
    config = "config"
    framework = "framework"
    results = "results"
    indicators = "indicators"
    interactions = "interactions"


# Singular and plural both name the same schema (`schema measure`, `schema configs`).
KIND_NAMES = {
    "measure": "measures",
    "measures": "measures",
    "config": "config",
    "configs": "config",
    "framework": "framework",
    "frameworks": "framework",
    "result": "results",
    "results": "results",
    "indicator": "indicators",
    "indicators": "indicators",
    "interaction": "interactions",
    "interactions": "interactions",
}
VALID = "measures, config, framework, results, indicators, interactions"


def build_schema(kind: str) -> dict:
    from ..models import (
        Config,
        FrameworkFile,
        IndicatorsFile,
        InteractionsFile,
        Measure,
        ResultsFile,
    )

    if kind == "measures":
        measure = Measure.model_json_schema(ref_template="#/$defs/{model}")
        definitions = measure.pop("$defs", {})
        definitions["Measure"] = measure
        schema = {
            "title": "seta-align measure file",
            "description": "施策ファイル: 施策1件、または施策のリスト / One measure or a list of measures.",
            "oneOf": [
                {"$ref": "#/$defs/Measure"},
                {"type": "array", "items": {"$ref": "#/$defs/Measure"}},
            ],
            "$defs": definitions,
        }
    elif kind == "config":
        schema = Config.model_json_schema()
        schema["title"] = "seta-align config (seta-align.yaml)"
    elif kind == "results":
        results = ResultsFile.model_json_schema(ref_template="#/$defs/{model}")
        definitions = results.pop("$defs", {})
        definitions["ResultsFile"] = results
        schema = {
            "title": "seta-align results file",
            "description": "実績ファイル: 実績のリスト、または note: と results: の組 / A list of "
            "results, or a mapping with note: and results:.",
            "oneOf": [
                {"type": "array", "items": {"$ref": "#/$defs/ResultRecord"}},
                {"$ref": "#/$defs/ResultsFile"},
            ],
            "$defs": definitions,
        }
    elif kind == "indicators":
        schema = IndicatorsFile.model_json_schema()
        schema["title"] = "seta-align plan-level indicators file"
    elif kind == "interactions":
        schema = InteractionsFile.model_json_schema(by_alias=True)
        schema["title"] = "seta-align interactions file"
    else:
        schema = FrameworkFile.model_json_schema(by_alias=True)
        schema["title"] = "seta-align framework file"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text(kind: str) -> str:
    return json.dumps(build_schema(kind), ensure_ascii=False, indent=2) + "\n"


@app.command()
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            help="measures（施策ファイル）, config（設定）, framework（フレームワーク）, results"
            "（実績）, indicators（成果指標）, interactions（相互作用）",
            show_default=True,
        ),
    ] = "measures",
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """ファイル形式の JSON Schema を出力 / Print the JSON Schema of measure, config, framework,
    results, indicators or interactions files.

    Point the YAML language server at it for completion and checks in the editor, e.g. with the
    first line `# yaml-language-server: $schema=measure.schema.json` in a measure file.
    """
    language = chosen_lang(lang)
    chosen = KIND_NAMES.get(kind.strip().lower())
    if chosen is None:
        raise usage_error(
            f"kind に「{kind}」は使えません。使える値: {VALID}",
            f"Invalid value for kind: '{kind}' (choose from {VALID}).",
            language,
        )
    from ..atomic import emit, refuse_existing

    refuse_existing(output, force=force, lang=language)
    emit(output, schema_text(chosen), force=force, lang=language)
