import type { InputHTMLAttributes, Ref } from "react";
import { cx } from "./cx";

export function Input({
  className,
  ref,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <input
      ref={ref}
      className={cx(
        "h-9 w-full rounded-md border border-neutral-300 bg-white px-3 text-sm text-neutral-900 placeholder:text-neutral-400 focus:border-sky-600 focus:outline-none focus:ring-2 focus:ring-sky-600/20",
        className,
      )}
      {...props}
    />
  );
}
