"""``reproduce``: every figure and its data, written atomically, only inside the output folder."""

import hashlib

import pytest

from gametheory_cluster.cli import main
from gametheory_cluster.io.files import write_atomic
from gametheory_cluster.reproduce import find_papers_dir, list_papers, load_paper, paper_figures


def digest(folder):
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    root = tmp_path_factory.mktemp("run")
    out = root / "out"
    assert main(["reproduce", "--paper", "zhang2002", "--out", str(out), "--quiet"]) == 0
    return root, out


def test_every_figure_has_png_csv_json(rebuilt):
    _, out = rebuilt
    folder = out / "zhang2002"
    expected = {f.name for f in paper_figures(load_paper(find_papers_dir(), "zhang2002"), "zhang2002")}
    assert {p.stem for p in folder.iterdir()} == expected
    for stem in expected:
        for suffix in (".png", ".csv", ".json"):
            assert (folder / f"{stem}{suffix}").stat().st_size > 0


def test_writes_only_inside_output(rebuilt):
    root, out = rebuilt
    assert {p.name for p in root.iterdir()} == {"out"}
    assert not list(out.rglob("*.tmp"))


def test_data_files_are_byte_identical(rebuilt, tmp_path):
    _, out = rebuilt
    again = tmp_path / "again"
    assert main(["reproduce", "--paper", "zhang2002", "--out", str(again), "--quiet"]) == 0
    first = {k: v for k, v in digest(out).items() if not k.endswith(".png")}
    second = {k: v for k, v in digest(again).items() if not k.endswith(".png")}
    assert first == second


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "f.csv"
    write_atomic(target, "a,b\n")
    write_atomic(target, "c\n")
    assert target.read_text() == "c\n" and [p.name for p in tmp_path.iterdir()] == ["f.csv"]


def test_one_process_and_several_write_the_same_files(rebuilt, tmp_path):
    """Drawing in worker processes changes nothing written (pictures included)."""
    _, out = rebuilt
    alone = tmp_path / "alone"
    assert main(["reproduce", "--paper", "zhang2002", "--out", str(alone), "--quiet",
                 "--jobs", "1"]) == 0
    assert digest(alone) == digest(out)


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_must_be_a_positive_whole_number(tmp_path, jobs, capsys):
    assert main(["reproduce", "--paper", "zhang2002", "--out", str(tmp_path), "--jobs", jobs]) == 2
    assert "jobs must be a whole number >= 1" in capsys.readouterr().err


@pytest.mark.parametrize("paper", list_papers(find_papers_dir(None)))
def test_every_headline_prints_in_words_and_numbers(paper):
    """``reproduce`` prints each paper's headline; every value reads (lists, words, exact numbers)."""
    from gametheory_cluster.cli import _headline_value

    module = load_paper(find_papers_dir(None), paper)
    for key, value in getattr(module, "headline", dict)().items():
        shown = _headline_value(value)
        assert shown and "Rational(" not in shown and "'" not in shown, (key, shown)


PROBE = '''
import gc

from threadpoolctl import threadpool_info

from gametheory_cluster.figure_data import FigureData
from gametheory_cluster.plotting.base import attach_data, new_figure


def make_figure_1_probe():
    """A figure drawn in a worker."""
    fig, _ = new_figure()
    return attach_data(fig, FigureData({"x": [0]}, title="probe"))


def headline():
    return {"blas threads": max(i["num_threads"] for i in threadpool_info()),
            "frozen objects": gc.get_freeze_count()}
'''


def test_workers_use_one_blas_thread_and_skip_the_loaded_modules(tmp_path):
    """What the speed rests on: no BLAS threads beyond the workers, frozen modules at the fork."""
    import gc

    from threadpoolctl import threadpool_info

    from gametheory_cluster.reproduce import reproduce

    (tmp_path / "papers" / "probe").mkdir(parents=True)
    (tmp_path / "papers" / "probe" / "figures.py").write_text(PROBE)
    before = [i["num_threads"] for i in threadpool_info()]
    out = reproduce(tmp_path / "out", papers_dir=tmp_path / "papers", progress=False, jobs=2)
    assert out["probe"]["headline"]["blas threads"] == 1
    assert out["probe"]["headline"]["frozen objects"] > 0
    assert [i["num_threads"] for i in threadpool_info()] == before  # this process gets them back
    assert gc.get_freeze_count() == 0
