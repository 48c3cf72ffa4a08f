"""Problems reading files, said whole in the user's language: no English reason spliced into a Chinese line.

json's, csv's, tomllib's and the operating system's reasons come in English;
store/i18n/reasons.py says them through the catalogs, and every message that
names a line, a record, a column or a kind of file says it in Chinese too.
Each case runs in both languages, asserts the one line exactly, and that
neither the data file nor the file read changed by a byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("english_after")

UUID = "5f2c6e53-1a9e-4a3e-9a51-3b1e3d2a9f10"

# (id, files to write under tmp, argv ({tmp} is the folder), the line in Chinese, the line in English)
CASES = [
    ("data file cut short", {"cut.json": '{"items": {'}, ["--file", "{tmp}/cut.json", "list"],
     "{tmp}/cut.json 不是有效的 JSON（第 1 行：此处应为带双引号的键名）；未做任何改动，也没有可恢复的备份",
     "{tmp}/cut.json is not valid JSON (line 1: Expecting property name enclosed in double quotes); nothing was "
     "changed, and there is no backup to restore"),
    ("data file with trailing data", {"extra.json": '{"items": {}}\n{}\n'}, ["--file", "{tmp}/extra.json", "list"],
     "{tmp}/extra.json 不是有效的 JSON（第 2 行：结尾之后还有多余内容）；未做任何改动，也没有可恢复的备份",
     "{tmp}/extra.json is not valid JSON (line 2: Extra data); nothing was changed, and there is no backup to restore"),
    ("data file is a folder", {"folder/x": ""}, ["--file", "{tmp}/folder", "list"],
     "{tmp}/folder 是文件夹，不是数据文件",
     "{tmp}/folder is a directory, not a data file"),
    ("merge a broken copy", {"copy.json": '{"items": {"A": {"title": "x"}'}, ["merge", "{tmp}/copy.json"],
     "{tmp}/copy.json 不是有效的 JSON（第 1 行：缺少逗号）",
     "{tmp}/copy.json is not valid JSON (line 1: Expecting ',' delimiter)"),
    ("taskwarrior array cut short", {"tw.json": '[{"uuid": "x"'}, ["import", "{tmp}/tw.json"],
     "{tmp}/tw.json 第 1 行：不是有效的 JSON（缺少逗号）",
     "{tmp}/tw.json line 1: not JSON (Expecting ',' delimiter)"),
    ("taskwarrior line not JSON", {"tw.json": '{"uuid": "x"}\n{bad\n'}, ["import", "{tmp}/tw.json"],
     "{tmp}/tw.json 第 2 行：不是有效的 JSON（此处应为带双引号的键名）",
     "{tmp}/tw.json line 2: not JSON (Expecting property name enclosed in double quotes)"),
    ("taskwarrior without uuid", {"tw.json": '[{"description": "起草通知"}]'}, ["import", "{tmp}/tw.json"],
     "{tmp}/tw.json 第 1 条记录：缺少 uuid",
     "{tmp}/tw.json record 1: no uuid"),
    ("taskwarrior bad uuid", {"tw.json": '[{"description": "起草通知", "uuid": "abc"}]'}, ["import", "{tmp}/tw.json"],
     "{tmp}/tw.json 第 1 条记录：uuid 不是 UUID：'abc'",
     "{tmp}/tw.json record 1: uuid is not a UUID: 'abc'"),
    ("taskwarrior uuid twice",
     {"tw.json": f'[{{"description": "甲", "uuid": "{UUID}"}}, {{"description": "乙", "uuid": "{UUID}"}}]'},
     ["import", "{tmp}/tw.json"],
     f"{{tmp}}/tw.json 第 2 条记录：uuid {UUID} 出现了两次（另见第 1 条记录）",
     f"{{tmp}}/tw.json record 2: uuid {UUID} appears twice (also record 1)"),
    ("taskwarrior lone surrogate", {"tw.json": f'[{{"description": "\\ud800", "uuid": "{UUID}"}}]'},
     ["import", "{tmp}/tw.json"],
     "{tmp}/tw.json 第 1 条记录：'\\ud800' 不是有效的 UTF-8 文本",
     "{tmp}/tw.json record 1: '\\ud800' is not valid UTF-8 text"),
    ("taskwarrior annotation time", {"tw.json": f'[{{"description": "甲", "uuid": "{UUID}", '
                                                '"annotations": [{"description": "n", "entry": "soon"}]}]'},
     ["import", "{tmp}/tw.json"],
     "{tmp}/tw.json 第 1 条记录：第 1 条注释的 entry 不是时间：'soon'",
     "{tmp}/tw.json record 1: annotation 1's entry is not a time: 'soon'"),
    ("csv unknown column", {"in.csv": "title,foo\n起草,b\n"}, ["import", "{tmp}/in.csv"],
     "{tmp}/in.csv 第 1 行：未知的列 'foo'（Chief 的 CSV 有这些列：id, title, notes, kind, status, important, urgent, "
     "due, category, assignee, assignee_id, source, effort_minutes, created, updated, done_at, taken_at, snoozed_until, "
     "waiting_on, follow_up, waiting_since, deferrals, repeat, series, steps）",
     "{tmp}/in.csv line 1: unknown column 'foo' (Chief's CSV has: id, title, notes, kind, status, important, urgent, "
     "due, category, assignee, assignee_id, source, effort_minutes, created, updated, done_at, taken_at, snoozed_until, "
     "waiting_on, follow_up, waiting_since, deferrals, repeat, series, steps)"),
    ("csv column twice", {"in.csv": "title,title\n起草,b\n"}, ["import", "{tmp}/in.csv"],
     "{tmp}/in.csv 第 1 行：列 'title' 出现了两次",
     "{tmp}/in.csv line 1: column 'title' appears twice"),
    ("csv too many cells", {"in.csv": "title\n起草,b\n"}, ["import", "{tmp}/in.csv"],
     "{tmp}/in.csv 第 2 行：有 2 个单元格，但表头只有 1 列",
     "{tmp}/in.csv line 2: 2 cells, but the header has 1 column"),
    ("csv quote not closed", {"in.csv": 'title,notes\n"起草,b\n'}, ["import", "{tmp}/in.csv"],
     "{tmp}/in.csv 第 2 行：不是有效的 CSV（文件在引号内结束，引号没有闭合）",
     "{tmp}/in.csv line 2: not CSV (unexpected end of data)"),
    ("csv text after a quote", {"in.csv": 'title\n"起草"x\n'}, ["import", "{tmp}/in.csv"],
     "{tmp}/in.csv 第 2 行：不是有效的 CSV（'\"' 之后应为 ','）",
     "{tmp}/in.csv line 2: not CSV (',' expected after '\"')"),
    ("csv id twice", {"in.csv": "id,title\n01J0000000000000000000000A,甲\n01J0000000000000000000000A,乙\n"},
     ["import", "{tmp}/in.csv"],
     "{tmp}/in.csv 第 3 行：id 01J0000000000000000000000A 出现了两次（另见第 2 行）",
     "{tmp}/in.csv line 3: id 01J0000000000000000000000A appears twice (also line 2)"),
    ("csv bad stored time", {"in.csv": "title,steps\n起草,\"[{\"\"id\"\": \"\"S1\"\", \"\"text\"\": \"\"核对\"\", "
                                       "\"\"done_at\"\": \"\"soon\"\"}]\"\n"},
     ["import", "{tmp}/in.csv"],
     "{tmp}/in.csv 第 2 行：步骤的 done_at 不是有效的存储时间：'soon'",
     "{tmp}/in.csv line 2: a step's done_at is not a stored time: 'soon'"),
    ("config not TOML", {"c.toml": "holidays = [\n"}, ["--config", "{tmp}/c.toml", "list"],
     "{tmp}/c.toml：不是有效的 TOML（文件末尾：无效的值）",
     "{tmp}/c.toml: not valid TOML (Invalid value (at end of document))"),
    ("config key twice", {"c.toml": "horizon_days = 3\nhorizon_days = 4\n"}, ["--config", "{tmp}/c.toml", "list"],
     "{tmp}/c.toml：不是有效的 TOML（第 2 行第 17 列：值重复给出）",
     "{tmp}/c.toml: not valid TOML (Cannot overwrite a value (at line 2, column 17))"),
    ("config not UTF-8", {"c.toml": b"language = \"zh\"\n\xff\n"}, ["--config", "{tmp}/c.toml", "list"],
     "{tmp}/c.toml：不是有效的 TOML（第 2 行：字节 0xff 不是 UTF-8）",
     "{tmp}/c.toml: not valid TOML (line 2: byte 0xff is not UTF-8)"),
    ("config day in both lists", {"c.toml": 'holidays = ["2026-10-01"]\nworkdays = ["2026-10-01"]\n'},
     ["--config", "{tmp}/c.toml", "list"],
     "{tmp}/c.toml：2026-10-01 同时出现在 'holidays' 和 'workdays' 中",
     "{tmp}/c.toml: 2026-10-01 is in both 'holidays' and 'workdays'"),
    ("config private category unknown", {"c.toml": 'categories = ["文稿"]\nprivate_categories = ["机要"]\n'},
     ["--config", "{tmp}/c.toml", "list"],
     "{tmp}/c.toml：'private_categories' 中的 '机要' 不是类别（现有类别：文稿）",
     "{tmp}/c.toml: 'private_categories' names '机要', which is not a category (categories: 文稿)"),
    ("config calendar value", {"c.toml": 'calendar = "jp"\n'}, ["--config", "{tmp}/c.toml", "list"],
     "{tmp}/c.toml：'calendar' 应为\"cn\"（中国的法定节假日和调休上班日）或 \"none\"（只按 working_days），收到的是 'jp'",
     "{tmp}/c.toml: 'calendar' must be \"cn\" (China's holidays and make-up working days) or \"none\" (plain "
     "working_days), got 'jp'"),
    ("config under a file", {"plain": "x"}, ["--config", "{tmp}/plain/c.toml", "list"],
     "{tmp}/plain/c.toml：无法读取（路径中有一段不是文件夹）",
     "{tmp}/plain/c.toml: cannot read (Not a directory)"),
    ("export under a file", {"plain": "x"}, ["export", "--output", "{tmp}/plain/out.csv"],
     "无法写入 {tmp}/plain：路径中有一段不是文件夹",
     "cannot write in {tmp}/plain: Not a directory"),
    ("export into a missing folder", {}, ["export", "--output", "{tmp}/gone/deeper/out.csv"],
     "无法写入 {tmp}/gone/deeper：没有这个文件或文件夹",
     "cannot write in {tmp}/gone/deeper: No such file or directory"),
    ("export onto a folder", {"folder/x": ""}, ["export", "--output", "{tmp}/folder"],
     "{tmp}/folder 是文件夹，不是 Chief 能写的文件（可改用 '-' 打印）",
     "{tmp}/folder is a directory, not a file Chief can write (print with '-' instead)"),
    ("data file under a file", {"plain": "x"}, ["--file", "{tmp}/plain/chief.json", "add", "起草通知"],
     "无法建立 {tmp}/plain：已有同名文件",
     "cannot create {tmp}/plain: File exists"),
]


def _write(tmp: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _every_file(root: Path) -> dict[str, bytes]:
    """The files under ``root`` and their bytes; a lock file beside a data file (.~lock.NAME) is not content."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".~lock.")}


@pytest.mark.parametrize(("files", "argv", "chinese", "english"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_file_problem_is_one_line_in_the_users_language(run_main, env, tmp_path, files, argv, chinese, english,
                                                         language):
    work = tmp_path / "work"
    work.mkdir()
    run_main("add", "拟稿", env=env, check=True)  # a data file with something in it, to see that it stays as it was
    _write(work, files)
    data_file = Path(env["CHIEF_FILE"])
    before, data_before = _every_file(work), data_file.read_bytes()
    environ = {**env, "CHIEF_LANG": language, "COLUMNS": "400"}

    result = run_main(*[word.format(tmp=work) for word in argv], env=environ)

    expected = (chinese if language == "zh" else english).format(tmp=work)
    assert (result.returncode, result.stderr) == (2, f"chief: {expected}\n")
    assert _every_file(work) == before
    assert data_file.read_bytes() == data_before


def test_a_record_set_aside_is_named_in_chinese(run_main, zh_env, tmp_path):
    """An unreadable record's warning: its table, its reason and the punctuation are Chinese."""
    import json

    run_main("add", "拟稿", env=zh_env, check=True)
    data_file = Path(zh_env["CHIEF_FILE"])
    data = json.loads(data_file.read_text(encoding="utf-8"))
    (key, record), = data["items"].items()
    record["title"] = " "
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = data_file.read_bytes()

    result = run_main("list", env=zh_env)

    assert result.stderr == f"chief: 提醒：已搁置无法读取的记录 事项 {key}：标题缺失或为空（仍保留在文件中；见 'chief doctor'）\n"
    assert data_file.read_bytes() == before


def test_doctor_on_a_broken_file_says_why_in_chinese(run_main, zh_env, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"items": {"A": {"title": "起草"}}\n"team": {}}\n', encoding="utf-8")
    before = broken.read_bytes()

    result = run_main("--file", str(broken), "doctor", env=zh_env)

    assert result.returncode == 1
    assert f"  有问题：{broken} 不是有效的 JSON（第 2 行：缺少逗号）" in result.stdout.splitlines()
    assert broken.read_bytes() == before


@pytest.mark.parametrize("argv", [["add", "起草通知"], ["done", "拟稿"]])
@pytest.mark.parametrize(("language", "said"), [("zh", "无法锁定 {path}：文件系统是只读的"),
                                                ("en", "cannot lock {path}: Read-only file system")])
def test_a_lock_that_cannot_be_made_is_one_line_not_a_traceback(run_main, env, monkeypatch, argv, language, said):
    """A data file on a read-only disk (or in /proc): the lock file beside it cannot be made."""
    import errno
    import os
    import types

    from chief.store.datafile import lock

    run_main("add", "拟稿", env=env, check=True)
    data_file = Path(env["CHIEF_FILE"])
    before = data_file.read_bytes()

    def refuse(path, *args, **kwargs):
        if Path(path).name.startswith(".~lock."):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return os.open(path, *args, **kwargs)

    monkeypatch.setattr(lock, "os", types.SimpleNamespace(open=refuse, close=os.close, O_RDWR=os.O_RDWR, O_CREAT=os.O_CREAT))
    result = run_main(*argv, env={**env, "CHIEF_LANG": language})

    assert (result.returncode, result.stderr) == (2, f"chief: {said.format(path=data_file)}\n")
    assert data_file.read_bytes() == before


def test_doctor_s_backup_verdicts_are_punctuated_in_chinese(run_main, zh_env):
    run_main("add", "拟稿", env=zh_env, check=True)
    run_main("add", "接待", env=zh_env, check=True)  # the second save keeps a backup of the first

    result = run_main("doctor", env=zh_env)

    backups = [line for line in result.stdout.splitlines() if ".backups/" in line]
    assert backups and all(line.endswith("（完好，1 个事项）") for line in backups), result.stdout
