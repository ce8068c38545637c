"""The files of ``seta-align init --framework blank``: a project for a city of its own.

A commented framework template for a typical 総合計画 (基本構想 → 基本計画 → 政策 → 施策) with
the bundled SDGs composed in, a config that uses both, and one example measure that serves a
施策 and an SDG target, so that ``seta-align check`` on the new project exits 0 at once. Every
title is an example, marked （例）, for the city to replace with its own wording.
"""

from __future__ import annotations

FRAMEWORK = """\
# 総合計画のフレームワーク（ひな形）/ A framework template for a comprehensive plan (総合計画).
# seta-align init --framework blank が作成しました。（例）の部分を市の計画の言葉に書き換えてください。
# Made by seta-align init --framework blank: replace every （例） with your plan's own wording.
#
# 施策体系表（Excel・CSV）があれば、このファイルの代わりに次のコマンドで作れます:
# With a 施策体系表 (Excel or CSV), make this file from it instead:
#   seta-align framework import 施策体系表.xlsx -o framework.yaml --force
#
# 階層 / levels: 基本構想 → 基本計画 → 政策 → 施策。ノードは入れ子で書き、n 段目のノードの階層は
# levels の n 番目です。使わない階層は levels から消し、入れ子を一段減らしてください。
# A node's level is levels[depth]: drop a level you do not use, and one step of nesting with it.
#
# ID は半角英字で始まる半角英数字と - _ .（例: CITY-1.2）。施策ファイルの supports: に書きます。
# SDGs は同梱の seta-align:sdgs を組み合わせて使います（seta-align.yaml の framework:）。
# Ids are ASCII (CITY-1.2); measures name them under supports:. The SDGs are the bundled module
# seta-align:sdgs, composed in seta-align.yaml. Format: docs/framework.md
# 確かめるには / to see what you wrote: seta-align framework show
schema_version: 1
name: "（例）〇〇市総合計画"

# 分野: 分野横断の分析に使います。各ノードの fields: に ID を書きます。
# Fields (分野), for the cross-field analysis; a node names its own under fields:.
fields:
  - {id: LIFE, title: "（例）暮らし・福祉", title_en: "(example) Living and welfare"}
  - {id: ECON, title: "（例）産業・経済", title_en: "(example) Industry and economy"}

frameworks:
  - id: CITY
    title: "（例）〇〇市総合計画"
    levels:
      - {id: concept, title: 基本構想, title_en: basic concept}
      - {id: plan, title: 基本計画, title_en: basic plan}
      - {id: policy, title: 政策, title_en: policy}
      - {id: program, title: 施策, title_en: program}
    nodes:
      - id: CITY-1
        title: "（例）将来像: 誰もが安心して暮らし、働けるまち"
        fields: [LIFE, ECON]
        children:
          - id: CITY-1.1
            title: "（例）基本計画の目標"
            fields: [LIFE, ECON]
            children:
              - id: CITY-1.1.1
                title: "（例）暮らしを支える政策"
                fields: [LIFE]
                children:
                  - id: CITY-1.1.1.1
                    title: "（例）身近な相談の場をつくる"
                    fields: [LIFE]
              - id: CITY-1.1.2
                title: "（例）地域の産業を育てる政策"
                fields: [ECON]
                children:
                  - id: CITY-1.1.2.1
                    title: "（例）創業を支える"
                    fields: [ECON]

# 政策・施策と SDGs の対応（任意）。ID は seta-align:sdgs のもの（SDG-8、SDG-8.3）。
# Relations from the plan to the SDGs (optional), to ids of seta-align:sdgs.
relations: []
  # - {from: CITY-1.1.2.1, to: SDG-8.3, type: related}
"""

CONFIG = """\
# seta-align の設定 / seta-align config. 全項目は docs/config.md / every key: docs/config.md
# 市のフレームワーク（framework.yaml）と、同梱の SDGs を組み合わせて使います。
# The city's framework (framework.yaml) composed with the bundled SDGs.
framework: [framework.yaml, seta-align:sdgs]
measures: [data/measures]
# 計画期間（年度）。ここに書くと、フレームワークのファイルに書かれた期間より優先します。
# The plan period (fiscal years); given here, it wins over any a framework file gives.
plan_period: {start: 2025, end: 2034}
# 各施策が少なくとも1つは結びつくべきフレームワーク / every measure must serve the city's plan
required_frameworks: [CITY]
coverage:
  # 階層ごとの網羅率の下限（%）/ minimum coverage per level, in percent
  CITY.program: {min: 100}
  # 施策がそろうまで、SDGs の未網羅は警告しません（そろったら true に）
  # Uncovered SDGs are not warned about until the draft is complete (then set true).
  SDG.goal: {warn_uncovered: false}
  SDG.target: {warn_uncovered: false}
waivers: []
rules: {}
fail_on: error
"""

EXAMPLE_MEASURES = """\
# yaml-language-server: $schema=../../measure.schema.json
# 施策ファイルの例。部局ごとにファイルを分けて、施策（事業）をリストで書きます。
# An example measure file: one file per department, a list of measures.
# 書き方 / format: seta-align の README「施策ファイルの書き方」（supports: には framework.yaml と
# SDGs の ID を書きます / supports: names ids of framework.yaml and of the SDGs）

- id: EX-01
  title: "（例）地域の相談窓口と創業相談の一体化"
  owner: "（例）地域振興部"
  field: LIFE
  supports: [CITY-1.1.1.1, CITY-1.1.2.1, SDG-8.3]
  kpis:
    - name: "（例）相談件数"
      unit: 件
      baseline: {year: 2024, value: 100}
      target: {year: 2034, value: 150}
  period: {start: 2025, end: 2034}
"""


def blank_files() -> dict[str, str]:
    return {
        "framework.yaml": FRAMEWORK,
        "seta-align.yaml": CONFIG,
        "data/measures/example.yaml": EXAMPLE_MEASURES,
    }
