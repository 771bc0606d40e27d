"""What the training change forms share: every write goes through training.services."""

from django.contrib import messages
from django.http import HttpResponseRedirect


class WrittenByServicesMixin:
    """For a ModelAdmin whose save_model writes through training.services, not form.save().

    A change the service refuses (only a race gets that far: the form checked first) is
    reported with `refuse_change`, and the admin shows the form again instead of saying
    it was changed.
    """

    def refuse_change(self, request, message):
        request._training_change_refused = True
        self.message_user(request, message, messages.ERROR)

    def save_related(self, request, form, formsets, change):
        # Inlines are read-only; nothing is saved behind the services' back
        # (commit=False only lists what changed, for the admin's history message).
        for formset in formsets:
            formset.save(commit=False)

    def response_change(self, request, obj):
        if getattr(request, "_training_change_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
