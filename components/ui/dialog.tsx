"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "./button";
import { cx } from "./cx";

/**
 * A modal dialog on the native <dialog> element: focus is trapped and Escape closes it. `open` is controlled;
 * `onClose` runs on Escape, on a click on the backdrop, and after the element closes itself.
 */
export function Dialog({
  open,
  onClose,
  label,
  className,
  children,
}: {
  open: boolean;
  onClose: () => void;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-label={label}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className={cx(
        "m-auto mt-[12vh] max-h-[70vh] w-[min(640px,92vw)] overflow-hidden rounded-xl border border-neutral-200 bg-white p-0 text-neutral-900 shadow-2xl backdrop:bg-neutral-900/30",
        className,
      )}
    >
      {open && children}
    </dialog>
  );
}

/**
 * The last element of each step of an editor is its button row: it stays at the bottom of the scrolling body, in
 * view at any window size, however long the step above it (the plan, the warnings to confirm) grows.
 */
const STICKY_FOOTER =
  "[&>*>:last-child]:sticky [&>*>:last-child]:bottom-0 [&>*>:last-child]:z-10 [&>*>:last-child]:-mx-4 [&>*>:last-child]:mt-1 [&>*>:last-child]:border-t [&>*>:last-child]:border-neutral-200 [&>*>:last-child]:bg-white [&>*>:last-child]:px-4 [&>*>:last-child]:py-3";

/**
 * The frame owns an editor's height, whatever `className` says, so that the dialog (and its footer) always ends
 * inside the window: a top margin from the base dialog and a taller maximum from an editor once added up to more
 * than the window.
 */
const EDITOR_HEIGHT = "!mt-[4vh] !mb-[4vh] !max-h-[92vh]";

/**
 * A dialog with a title bar and a close button above a scrolling body: the frame of the editors (weights,
 * rules, auth policies). Each step's last element, its buttons, stays in view (see STICKY_FOOTER); the frame
 * sets the height (EDITOR_HEIGHT), `className` the width.
 */
export function TitledDialog({
  open,
  onClose,
  title,
  className,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onClose={onClose} label={title} className={cx(className, EDITOR_HEIGHT)}>
      <div className="flex max-h-[inherit] flex-col text-left">
        <header className="flex items-center justify-between border-b border-neutral-200 px-4 py-3 text-left">
          <h2 className="text-base font-semibold">{title}</h2>
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close">
            ✕
          </Button>
        </header>
        <div data-testid="dialog-body" className={cx("overflow-auto px-4 pt-3", STICKY_FOOTER)}>
          {children}
        </div>
      </div>
    </Dialog>
  );
}

/** What an editor shows once its change reached AWS, with the button that closes it. */
export function AppliedNotice({
  message,
  onClose,
  testId,
}: {
  message: string;
  onClose: () => void;
  testId: string;
}) {
  return (
    <div className="flex flex-col gap-3">
      <p
        role="status"
        data-testid={testId}
        className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-sm text-emerald-900"
      >
        {message}
      </p>
      <div className="flex justify-end">
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
