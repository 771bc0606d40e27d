"""The check `make test` runs over content/: front matter complete, every internal link
resolves, every source has a title and an address, nothing links the retired site."""

import pytest

from pages.content_files import RETIRED_HOSTS, check_content

from .conftest import CONTENT


def test_the_content_files_pass_the_check():
    assert check_content() == []


def test_no_content_file_links_the_retired_home_office_elearning_site():
    for file in CONTENT.rglob("*"):
        if file.is_file() and file.suffix in {".md", ".yaml"}:
            text = file.read_text(encoding="utf-8").lower()
            for host in RETIRED_HOSTS:
                assert host not in text, file
            assert "log in as a guest" not in text and "login as a guest" not in text, file


def test_every_page_file_names_its_sources_and_owner(content_copy):
    from pages.content_files import read_page_files

    pages = read_page_files()
    assert len(pages) >= 18
    for page in pages:
        assert page.meta["sources"], page.relative
        assert page.meta["owner"], page.relative


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("pages/cookies.md", "owner: Site administrator\n", "", "front matter is missing owner"),
        (
            "pages/cookies.md",
            "next_review: 2027-12-02\n",
            "next_review: soon\n",
            "next_review must be a date",
        ),
        (
            "pages/get-help.md",
            "[make a Prevent referral](/referrals/)",
            "[make a Prevent referral](/no-such-page/)",
            "the link /no-such-page/ goes to no page",
        ),
        (
            "pages/cookies.md",
            "    url: https://ico.org.uk/\n",
            "",
            "source 1 needs a title and a url",
        ),
        (
            "pages/learning-and-development/parents.md",
            "[Cyber Safe Warwickshire](https://www.cybersafewarwickshire.com/)",
            "[e-learning](https://www.elearning.prevent.homeoffice.gov.uk/)",
            "links the retired Home Office e-learning site",
        ),
        (
            "pages/about-prevent/channel.md",
            "parent: about-prevent\n",
            "parent: resources\n",
            "parent says 'resources'",
        ),
    ],
)
def test_the_check_finds_each_kind_of_problem(content_copy, file, old, new, problem):
    rewrite(content_copy / file, old, new)
    problems = check_content()
    assert any(problem in line and file in line for line in problems), problems
