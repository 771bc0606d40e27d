from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Content"

    def ready(self):
        from core.demo import register_demo_loader
        from core.page_cache import CONTENT, TRAINING, register_page, register_scope
        from core.roles import CONTENT_EDITOR, grant_app_to_role

        # Any content change (a page, a document, a contact, an alert...) retires every
        # cached page that shows content.
        register_scope(CONTENT, models=list(self.get_models()))
        register_page("pages:home", scopes=(CONTENT,))
        register_page("pages:page", scopes=(CONTENT,))
        # Search results and the sitemap also list training courses.
        register_page("pages:search", scopes=(CONTENT, TRAINING), params=("q", "page"))
        register_page("pages:sitemap", scopes=(CONTENT, TRAINING), params=("p",))
        # After training's: the demo testimonials link to the demo courses.
        grant_app_to_role(CONTENT_EDITOR, app_label=self.label)
        register_demo_loader("pages.demo", order=20)
