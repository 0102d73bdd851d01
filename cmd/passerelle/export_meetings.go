package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// runExportMeetings is 'passerelle export meetings --format csv|json|ics [--from D --to D]
// [--as EMAIL] [--out FILE]'. Without --as it exports every meeting of the workspace, as
// its operator, but nobody's private notes; with --as, what that user may see, with
// their member's private notes.
func runExportMeetings(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("export meetings", &cfg)
	format := fs.String("format", "csv", "csv, json or ics")
	from := fs.String("from", "", "first day (YYYY-MM-DD, UTC) or instant (RFC 3339)")
	to := fs.String("to", "", "day after the last (YYYY-MM-DD, UTC) or instant (RFC 3339)")
	as := fs.String("as", "", "export what this user may see, with their member's private notes")
	out := fs.String("out", "", "write there instead of standard output")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	f := passerelle.MeetingFilter{}
	for _, t := range []struct {
		flag, v string
		dst     *time.Time
	}{{"--from", *from, &f.From}, {"--to", *to, &f.To}} {
		if t.v == "" {
			continue
		}
		var err error
		if *t.dst, err = time.Parse(time.RFC3339, t.v); err != nil {
			if *t.dst, err = time.Parse(time.DateOnly, t.v); err != nil {
				return fmt.Errorf("%w: %s %q: use a date such as 2027-03-10 or an RFC 3339 instant", errUsage, t.flag, t.v)
			}
		}
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	w := a.Stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriter(w)
	mw, err := interchange.NewMeetingWriter(bw, *format, cfg.BaseURL)
	if err != nil {
		return err
	}
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		// An empty installation exports an empty list, not an error.
		if passerelle.ErrorCode(err) == passerelle.EINTERNAL && !hasWorkspace(ctx, db) {
			if err := mw.Close(); err != nil {
				return err
			}
			return bw.Flush()
		}
		return err
	}
	if *as != "" {
		sys := passerelle.ActorFromContext(sctx)
		u, err := store.NewUserService(db).FindUserByEmail(sctx, *as)
		if err != nil {
			return err
		}
		actor, err := store.NewAccountService(db).ActorFor(ctx, u.ID, sys.WorkspaceID)
		if err != nil {
			return err
		}
		sctx = passerelle.NewContextWithActor(ctx, actor)
	}
	if err := store.NewMeetingService(db).EachMeeting(sctx, f, mw.Write); err != nil {
		return err
	}
	if err := mw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if *out != "" {
		return w.(*os.File).Close()
	}
	return nil
}
