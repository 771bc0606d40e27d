"""The public referral journey: start page, question pages, check answers, confirmation.

Walls kept here: every page is sent with Cache-Control: no-store (never_cache, the
expired page included), a submit token is accepted only from the session it was shown
to, POST
bodies are hidden from error reports (sensitive_post_parameters), and the session holds
only opaque random ids (the draft's id while answering, the submit token afterwards).
No URL ever carries an answer.
"""

import re

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from core.ratelimit import rate_limit
from core.spam import SpamProtectionMixin

from . import journey, selectors, services

DRAFT_SESSION_KEY = "referrals_draft_id"
SUBMITTED_SESSION_KEY = "referrals_submitted"
# The submit token this session was shown on check your answers: a token is accepted only
# from the session it was given to (another browser posting it learns nothing).
SUBMIT_TOKEN_SESSION_KEY = "referrals_submit_token"  # noqa: S105 (a session key name)
CHANGING = "check"  # ?return=check: a Change link from check your answers
# What models.new_submit_token makes; anything else is no token of ours.
SUBMIT_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")

# Posts of every question page and the final submit share one count per client address.
referral_page = [
    never_cache,
    sensitive_post_parameters(),
    rate_limit(key="referral", rate=settings.RATE_LIMITS["referral"]),
]


@never_cache
def start(request):
    return render(request, "referrals/start.html", {"first_step": journey.STEPS[0]})


@never_cache
def confirmation(request):
    referral = selectors.referral_for_submit_token(request.session.get(SUBMITTED_SESSION_KEY))
    if referral is None:
        return redirect("referrals:start")
    return render(request, "referrals/confirmation.html", {"reference": referral.reference})


@never_cache
def expired(request):
    return render(request, "referrals/expired.html", {"first_step": journey.STEPS[0]})


class JourneyView(View):
    """Loads the session's draft and its clean answers.

    A draft that has expired (or is gone) is refused: its row is deleted, its id leaves
    the session and `draft_lost` is set for the page to explain.
    """

    # Every frame below this one holds answers: error reports show none of their variables.
    @method_decorator(sensitive_variables())
    def dispatch(self, request, *args, **kwargs):
        self.draft = None
        self.draft_lost = False
        draft_id = request.session.get(DRAFT_SESSION_KEY)
        if draft_id:
            self.draft = selectors.live_draft(draft_id)
            if self.draft is None:
                services.discard_draft(draft_id=draft_id)
                del request.session[DRAFT_SESSION_KEY]
                self.draft_lost = True
        stored = self.draft.steps if self.draft else {}
        self.answers, self.first_incomplete, self.first_blocking = journey.check_steps(stored)
        return super().dispatch(request, *args, **kwargs)

    def go_to(self, step, *, changing=False):
        url = reverse(step.url_name)
        return redirect(f"{url}?return={CHANGING}" if changing else url)


@method_decorator(referral_page, name="dispatch")
class StepView(JourneyView):
    step = None
    template_name = "referrals/question.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.index = journey.STEPS.index(self.step)
        self.changing = request.GET.get("return") == CHANGING

    def get(self, request):
        if (gate := self.gate()) is not None:
            return gate
        if self.draft:
            services.touch_draft(draft_id=self.draft.pk)
        stored = self.draft.steps.get(self.step.slug) if self.draft else None
        initial = journey.initial_from_raw(self.step.form_class, stored, self.answers)
        return self.render(self.page_form(initial=initial))

    def post(self, request):
        if (gate := self.gate()) is not None:
            return gate
        form = self.page_form(data=request.POST)
        if not form.is_valid():
            return self.render(form)
        raw = journey.raw_values(form, request.POST)
        draft = services.save_draft_step(
            draft_id=self.draft.pk if self.draft else None, step_slug=self.step.slug, raw=raw
        )
        request.session[DRAFT_SESSION_KEY] = str(draft.pk)
        _answers, first_incomplete = journey.clean_steps(draft.steps)
        if self.changing:
            if first_incomplete is not None:
                return self.go_to(first_incomplete, changing=True)
            return redirect("referrals:check-answers")
        if self.index + 1 < len(journey.STEPS):
            return self.go_to(journey.STEPS[self.index + 1])
        return redirect("referrals:check-answers")

    def page_form(self, **kwargs):
        """The page's form. With spam checks (the first page), the minimum fill time applies
        only until the page is answered: shown again filled in (Back, or a Change link), it
        may rightly be sent back at once."""
        form_class = self.step.public_form_class
        if issubclass(form_class, SpamProtectionMixin):
            answered = self.draft is not None and self.step.slug in self.draft.steps
            kwargs["check_fill_time"] = not answered
        return form_class(answers=self.answers, **kwargs)

    def gate(self):
        """Pages wait their turn: a page after the first unanswered one sends you back to it."""
        if self.draft_lost:
            return expired(self.request)
        if self.first_blocking is not None:
            first = journey.STEPS.index(self.first_blocking)
            if self.index > first:
                return self.go_to(self.first_blocking, changing=self.changing)
        return None

    def back_url(self):
        if self.changing:
            return reverse("referrals:check-answers")
        if self.index == 0:
            return reverse("referrals:start")
        return reverse(journey.STEPS[self.index - 1].url_name)

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "step": self.step,
                "back_url": self.back_url(),
                "in_danger": journey.in_danger(self.answers),
            },
        )


@method_decorator(referral_page, name="dispatch")
class CheckAnswersView(JourneyView):
    def get(self, request):
        if self.draft is None:
            return expired(request) if self.draft_lost else redirect("referrals:start")
        if self.first_incomplete is not None:
            return self.go_to(self.first_incomplete, changing=True)
        services.touch_draft(draft_id=self.draft.pk)
        request.session[SUBMIT_TOKEN_SESSION_KEY] = self.draft.submit_token
        return render(
            request,
            "referrals/check_answers.html",
            {
                "sections": journey.sections(self.answers),
                "submit_token": self.draft.submit_token,
                "back_url": reverse(journey.STEPS[-1].url_name),
                "in_danger": journey.in_danger(self.answers),
            },
        )

    def post(self, request):
        # A second click on "Accept and send" may arrive after the first one removed the
        # draft: the service then finds the referral by the submit token and we confirm it.
        token = request.POST.get("submit_token", "")
        if not SUBMIT_TOKEN.fullmatch(token):
            token = ""  # a tampered field (a NUL byte would even break the lookup)
        shown = request.session.get(SUBMIT_TOKEN_SESSION_KEY, "")
        own_draft = self.draft.submit_token if self.draft else ""
        if not token or not (
            constant_time_compare(token, shown) or constant_time_compare(token, own_draft)
        ):
            # Not the token this session was shown: never look it up (it would confirm
            # someone else's referral and show its reference).
            if self.draft is None:
                return expired(request) if self.draft_lost else redirect("referrals:start")
            return redirect("referrals:check-answers")
        try:
            referral, _created = services.submit_referral(
                draft_id=self.draft.pk if self.draft else None, submit_token=token
            )
        except services.DraftNotFoundError:
            return (
                expired(request) if self.draft or self.draft_lost else redirect("referrals:start")
            )
        except services.SubmitTokenMismatchError:
            return redirect("referrals:check-answers")
        except services.IncompleteReferralError as error:
            return self.go_to(error.step, changing=True)
        request.session.pop(DRAFT_SESSION_KEY, None)
        request.session[SUBMITTED_SESSION_KEY] = referral.submit_token
        return redirect("referrals:confirmation")
