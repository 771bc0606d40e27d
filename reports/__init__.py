"""Reports for the annual Prevent report: training reach and referral trends, in the admin.

The figures come from `reports.training_figures` and `reports.referral_figures`; this package holds what
both sections share: the period, small-number suppression, tables, server-drawn SVG
charts, CSV downloads, and the views under /admin/reports/.
"""
