"""Letters after they are made: the daily print run and its providers' reports (`print_run`,
`despatch_reports`, `print_days`), cancelling letters before they print (`cancelling`), and the
letters the printer returns (`returned`)."""
