"use client";

import { useState } from "react";
import { buttonClasses, cx } from "@/components/ui";

/** Drop files here, or pick them with the (keyboard-reachable) file input. */
export function UploadDropzone({ onFiles, disabled = false }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const [over, setOver] = useState(false);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a pointer gesture; the file input inside is the keyboard path.
    <div
      data-testid="upload-dropzone"
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = disabled ? "none" : "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (!disabled && event.dataTransfer.files.length > 0) onFiles(Array.from(event.dataTransfer.files));
      }}
      className={cx(
        "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-4 py-8 text-center transition-colors",
        over && !disabled ? "border-brand-500 bg-brand-50 dark:bg-brand-900/40" : "border-slate-300 dark:border-slate-700",
        disabled && "opacity-60",
      )}
    >
      <p className="text-sm text-slate-600 dark:text-slate-400">Drag and drop build files here (.ipa, .apk, .dmg, .deb, .msi, …), or</p>
      <label className={disabled ? "cursor-not-allowed" : "cursor-pointer"}>
        {/* The real (visually hidden) file input takes the focus; the Button look goes on its label, outlined when the input has focus. */}
        <input
          type="file"
          multiple
          disabled={disabled}
          className="peer sr-only"
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = ""; // the same file can be chosen again
            if (files.length > 0) onFiles(files);
          }}
        />
        <span className={buttonClasses({ className: "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-500" })}>Choose files</span>
      </label>
    </div>
  );
}
