"""Who is a Prevent officer: the one page where the role is given and taken away.

Only an officer signed in with two factors reaches it (the wall makes it absent for
everyone else; the two-factor check holds even where the local demo relaxed sign-in).
From here an officer can give the role to an active staff member, take it away from
another officer, and reset another officer's lost authenticator: the one-time
enrolment code the officer must hand over is shown once, in that response. Each change
goes through core (core.roles, core.two_factor), which sends the signal the referral
trail records in the same transaction, with an email to every officer.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from core import two_factor
from core.admin_site import is_verified
from core.roles import grant_officer_role, remove_officer_role

from .walls import officers

User = get_user_model()


def candidates():
    """Active staff who could be given the role (officers themselves excluded)."""
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .exclude(pk__in=officers().values("pk"))
        .order_by("username")
    )


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Staff member",
        queryset=User.objects.none(),
        empty_label="Choose a staff member",
        error_messages={
            "required": "Choose the staff member to make a Prevent officer.",
            "invalid_choice": "Choose an active staff member who is not an officer yet.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates()


class OfficerForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = officers()


@never_cache
def officers_page(request):
    if not is_verified(request.user):
        # The role is the wall around the referrals: never given on a password alone.
        raise PermissionDenied("Sign in with two factors to manage Prevent officers.")
    grant_form = GrantForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "grant":
            grant_form = GrantForm(request.POST)
            if grant_form.is_valid():
                user = grant_form.cleaned_data["user"]
                try:
                    grant_officer_role(user=user, by=request.user)
                except ValidationError as error:
                    grant_form.add_error("user", error.messages[0])
                else:
                    messages.success(request, f"{user.get_username()} is now a Prevent officer.")
                    return redirect("admin:referrals_officers")
        elif action in {"remove", "reset"}:
            form = OfficerForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose one of the officers listed.")
                return redirect("admin:referrals_officers")
            user = form.cleaned_data["user"]
            if action == "remove":
                try:
                    remove_officer_role(user=user, by=request.user)
                except ValidationError as error:
                    messages.error(request, error.messages[0])
                else:
                    messages.success(
                        request, f"{user.get_username()} is no longer a Prevent officer."
                    )
                return redirect("admin:referrals_officers")
            if user.pk == request.user.pk:
                messages.error(request, "Another officer must reset your authenticator.")
                return redirect("admin:referrals_officers")
            code = two_factor.reset_two_factor(user=user, by=request.user)
            return TemplateResponse(
                request,
                "security/enrolment_codes.html",
                {
                    **site.each_context(request),
                    "title": "Officer’s authenticator reset",
                    "rows": [(user.get_username(), code)],
                },
            )
        else:
            messages.error(request, "Choose what to do.")
            return redirect("admin:referrals_officers")
    rows = [
        {
            "user": officer,
            "has_app": two_factor.has_two_factor(officer),
            "enrolment_pending": two_factor.has_enrolment_code(officer),
            "is_you": officer.pk == request.user.pk,
        }
        for officer in officers()
    ]
    return TemplateResponse(
        request,
        "admin/referrals/officers.html",
        {
            **site.each_context(request),
            "title": "Prevent officers",
            "rows": rows,
            "grant_form": grant_form,
        },
    )
